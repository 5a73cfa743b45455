"""Reporting periods and per-city period values (HJ 663 day-count rules) from the store."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dust import dust_mask
from ..errors import ReporterError
from ..settings import load_settings
from ..store import Store
from .aqi import INDICATOR_COLUMNS, daily_aqi, good_days, heavy_days
from .daily import daily_from_hourly
from .percentile import hj663_percentile
from .rules import RuleSet

DAILY_STATS = ("pm25", "o3_mda8", "pm10", "so2", "no2", "co", "o3_1h")
# DESIGN: PM2.5, PM10, SO2, NO2 period values are means of valid daily means; CO the 95th
# percentile of daily means (HJ 663), O3 the 90th percentile of MDA8. Same day-count rules.
MEAN_POLLUTANTS = ("pm10", "so2", "no2")
CO_PERCENTILE = 95.0
EXTRA_POLLUTANTS = (*MEAN_POLLUTANTS, "co")
CITY_VALUE_COLUMNS = (
    "source",
    "pm25_excl_dust",
    "dust_days",
    "pm25",
    "pm25_days",
    "pm25_reason",
    "pm25_p95",
    "o3",
    "o3_days",
    "o3_reason",
    *(f"{p}{suffix}" for p in EXTRA_POLLUTANTS for suffix in ("", "_days", "_reason")),
    "pm10_excl_dust",
    "aqi_days",
    "good_days",
    "heavy_days",
    "good_days_excl_dust",
    "aqi_days_excl_dust",
)


@dataclass(frozen=True)
class Period:
    """A calendar month (`2024-01`) or year (`2025`)."""

    kind: str  # "month", "year" or "ytd" (January through a month, 1—N月)
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "ytd":
            return f"{self.start:%Y-%m}..{self.end:%Y-%m}"
        return f"{self.start:%Y-%m}" if self.kind == "month" else f"{self.start:%Y}"

    @classmethod
    def ytd(cls, year: int, month: int) -> Period:
        """January through `month` of `year` (year-to-date, 累计)."""
        last = calendar.monthrange(year, month)[1]
        return cls("ytd", dt.date(year, 1, 1), dt.date(year, month, last))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls("month", dt.date(year, month, 1), dt.date(year, month, last))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> Period:
        """`YYYY-MM` or `YYYY`; anything else is a user error naming the expected form."""
        text = text.strip()
        ytd = re.fullmatch(r"([0-9]{4})-01\.\.([0-9]{4})-([0-9]{2})", text)
        if ytd and ytd.group(1) == ytd.group(2) and 1 <= int(ytd.group(3)) <= 12:
            return cls.ytd(int(ytd.group(1)), int(ytd.group(3)))
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text) and 1 <= int(text[5:]) <= 12:
            return cls.month(int(text[:4]), int(text[5:]))
        if re.fullmatch(r"[0-9]{4}", text):
            return cls.year(int(text))
        raise ReporterError(f"period {text!r}: expected YYYY-MM (a month) or YYYY (a year)")

    def previous_year(self) -> Period:
        if self.kind == "ytd":
            return Period.ytd(self.start.year - 1, self.end.month)
        if self.kind == "month":
            return Period.month(self.start.year - 1, self.start.month)
        return Period.year(self.start.year - 1)

    def previous_month(self) -> Period | None:
        if self.kind != "month":
            return None
        first = self.start - dt.timedelta(days=1)
        return Period.month(first.year, first.month)

    def months(self) -> list[str]:
        if self.kind == "month":
            return [self.label]
        return [f"{self.start.year}-{m:02d}" for m in range(1, self.end.month + 1)]


def daily_values(store: Store, period: Period) -> pd.DataFrame:
    """Daily statistics per city-day: from hourly data where the store has them, else tidy daily.

    Also carries the daily AQI, each day by the HJ 633 table in force on that day.
    """
    rule_set_for = load_settings(store.data_dir).rule_set_for  # the rules of --data-dir
    validity = rule_set_for(period.end).validity
    from_hourly = daily_from_hourly(store.read_hourly(period.start, period.end), validity)
    from_hourly["source"] = "hourly"
    tidy = store.read_daily(period.start, period.end)
    tidy["source"] = "daily"
    if not from_hourly.empty:
        covered = pd.MultiIndex.from_frame(from_hourly[["code", "date"]])
        tidy = tidy[~pd.MultiIndex.from_frame(tidy[["code", "date"]]).isin(covered)]
    frames = [f for f in (from_hourly, tidy) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["code", "date", *DAILY_STATS, "source", "aqi"])
    daily = pd.concat(frames, ignore_index=True)
    if not pd.api.types.is_datetime64_ns_dtype(daily["date"]):
        daily["date"] = pd.to_datetime(daily["date"])
    # Days inside a sand-dust process of the stored dust table (环办监测〔2016〕120号).
    in_process = dust_mask(store, daily["code"], daily["date"])
    if in_process is not None and in_process.any():
        flagged = daily["dust"].fillna(False).astype(bool) if "dust" in daily else False
        daily["dust"] = in_process | flagged
    daily["aqi"] = np.nan
    for rule_start in sorted(
        {rule_set_for(d.date()).valid_from for d in daily["date"].drop_duplicates()}
    ):
        rules = rule_set_for(rule_start)
        in_force = (daily["date"] >= pd.Timestamp(rules.valid_from)) & (
            daily["date"] <= pd.Timestamp(rules.valid_to or dt.date.max)
        )
        part = daily[in_force]
        # A feed without a pollutant column at all cannot give an AQI ("where the feed allows").
        columns = {
            name: (
                part[name].to_numpy(float) if name in part and part[name].notna().any() else None
            )
            for name in DAILY_STATS
        }
        needed = [INDICATOR_COLUMNS[name] for name in rules.aqi.daily_indicators]
        if all(columns[name] is not None for name in needed):
            daily.loc[in_force, "aqi"] = daily_aqi(columns, rules.aqi)
    return daily


def _enough_days(months: np.ndarray, period: Period, rules: RuleSet) -> tuple[bool, str]:
    """HJ 663 day counts: 27 a month (25 in February); a year needs 324 and every month's count.

    `months` holds the calendar month of each valid day.
    """
    validity = rules.validity
    count = len(months)
    if period.kind == "month":
        need = validity.min_days_in_month(period.start.month)
        return count >= need, f"{count} valid days ({need} needed)"
    per_month = np.bincount(months, minlength=13)
    last = period.end.month
    short = [m for m in range(1, last + 1) if per_month[m] < validity.min_days_in_month(m)]
    if period.kind == "ytd":  # each month of the span meets its own count (DESIGN)
        if short:
            return False, f"too few valid days in month(s) {', '.join(map(str, short))}"
        return True, f"{count} valid days"
    if count < validity.annual_min_days:
        return False, f"{count} valid days ({validity.annual_min_days} needed)"
    if short:
        return False, f"too few valid days in month(s) {', '.join(map(str, short))}"
    return True, f"{count} valid days"


def _mean_or_nan(values: np.ndarray) -> float:
    return math.fsum(values) / len(values) if len(values) else np.nan


def _clean_mean(by_city: dict, code: str) -> float:
    """Mean without the dust days. The deducted days count as if valid (环办监测〔2016〕120号
    deducts them from the period, not the city from the figures), so no day count applies."""
    return _mean_or_nan(by_city.get(code, (np.empty(0), None))[0])


def _by_city(daily: pd.DataFrame, column: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each city's valid values of one daily statistic, sorted ascending, with their months."""
    valid = daily[daily[column].notna()].sort_values(["code", column], kind="stable")
    if valid.empty:
        return {}
    codes = valid["code"].to_numpy()
    values = valid[column].to_numpy(float)
    dates = valid["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates)
    months = dates.dt.month.to_numpy()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    return {codes[a]: (values[a:b], months[a:b]) for a, b in zip(starts, ends, strict=True)}


def city_values(store: Store, period: Period) -> pd.DataFrame:
    """One row per city with data: period values (unrounded), valid-day counts and why invalid."""
    return values_from_daily(daily_values(store, period), period, store)


def monthly_city_values(store: Store, year: int) -> dict[str, pd.DataFrame]:
    """`city_values` for every month of a year, from one read of the year's daily values."""
    daily = daily_values(store, Period.year(year))
    months = daily["date"].dt.month if not daily.empty else pd.Series(dtype=int)
    result = {}
    for month in range(1, 13):
        period = Period.month(year, month)
        result[period.label] = values_from_daily(daily[months == month], period, store)
    return result


def values_from_daily(daily: pd.DataFrame, period: Period, store: Store) -> pd.DataFrame:
    """Per-city period values from the period's daily values (plus monthly tables for months)."""
    rules = load_settings(store.data_dir).rule_set_for(period.end)  # in force on its last day
    rows: dict[str, dict] = {}
    empty = (np.empty(0), np.empty(0, dtype=int))
    pm25_by_city = _by_city(daily, "pm25")
    o3_by_city = _by_city(daily, "o3_mda8")
    aqi = daily["aqi"].to_numpy(float)
    has_aqi = ~np.isnan(aqi)
    counts = (
        pd.DataFrame(
            {
                "code": daily["code"].to_numpy(),
                "aqi_days": has_aqi,
                "good_days": good_days(aqi, rules.aqi),
                "heavy_days": heavy_days(aqi, rules.aqi),
                "hourly": (daily["source"] == "hourly").to_numpy(),
            }
        )
        .groupby("code", sort=True)
        .sum()
    )
    # Sand and dust: where days are flagged (a dust table, a daily table's column), PM2.5, PM10,
    # the composite index and the good-day ratio are also given without them (DESIGN).
    dust = daily["dust"].fillna(False).astype(bool) if "dust" in daily else None
    any_dust = dust is not None and bool(dust.any())
    clean = daily[~dust] if any_dust else daily.iloc[0:0]
    clean_pm25 = _by_city(clean, "pm25") if any_dust else {}
    clean_pm10 = _by_city(clean, "pm10") if any_dust and "pm10" in clean else {}
    dust_days = daily[dust].groupby("code").size() if any_dust else {}
    clean_aqi = clean["aqi"].to_numpy(float) if any_dust else np.empty(0)
    clean_counts = (
        pd.DataFrame(
            {
                "code": clean["code"].to_numpy(),
                "aqi_days": ~np.isnan(clean_aqi),
                "good_days": good_days(clean_aqi, rules.aqi),
            }
        )
        .groupby("code")
        .sum()
        .to_dict("index")
        if any_dust
        else {}
    )
    extra = {name: _by_city(daily, name) for name in EXTRA_POLLUTANTS if name in daily}
    for code, count in counts.to_dict("index").items():
        pm25_values, pm25_months = pm25_by_city.get(code, empty)
        o3_values, o3_months = o3_by_city.get(code, empty)
        pm25_ok, pm25_why = _enough_days(pm25_months, period, rules)
        o3_ok, o3_why = _enough_days(o3_months, period, rules)
        row = {
            "source": "hourly" if count["hourly"] else "daily",
            # The exact sum (fsum) then one division: no rounding drift before GB/T 8170 rounding.
            "pm25": math.fsum(pm25_values) / len(pm25_values) if pm25_ok else np.nan,
            "pm25_days": len(pm25_values),
            "dust_days": int(dust_days.get(code, 0)) if len(dust_days) else 0,
            "pm25_excl_dust": _clean_mean(clean_pm25, code)
            if pm25_ok and len(dust_days)
            else np.nan,
            "pm25_reason": None if pm25_ok else pm25_why,
            "pm25_p95": hj663_percentile(pm25_values, rules.pm25_annual_percentile)
            if pm25_ok and period.kind == "year"
            else np.nan,
            "o3": hj663_percentile(o3_values, rules.o3_percentile) if o3_ok else np.nan,
            "o3_days": len(o3_values),
            "o3_reason": None if o3_ok else o3_why,
            "aqi_days": int(count["aqi_days"]),
            "good_days": int(count["good_days"]),
            "heavy_days": int(count["heavy_days"]),
        }
        for name in EXTRA_POLLUTANTS:
            values, months = extra.get(name, {}).get(code, empty)
            ok, why = _enough_days(months, period, rules)
            if name == "co":
                row[name] = hj663_percentile(values, CO_PERCENTILE) if ok else np.nan
            else:
                row[name] = math.fsum(values) / len(values) if ok else np.nan
            row[f"{name}_days"] = len(values)
            row[f"{name}_reason"] = None if ok else why
        row["pm10_excl_dust"] = (
            _clean_mean(clean_pm10, code)
            if len(dust_days) and not math.isnan(row["pm10"])
            else np.nan
        )
        if any_dust:
            row["good_days_excl_dust"] = int(clean_counts.get(code, {}).get("good_days", 0))
            row["aqi_days_excl_dust"] = int(clean_counts.get(code, {}).get("aqi_days", 0))
        rows[code] = row
    if period.kind == "month":
        # Cities known only from a monthly table (e.g. a vendor's aggregates) use its values as given.
        for record in store.read_monthly(period.months()).itertuples():
            if record.code not in rows:
                rows[record.code] = {
                    "source": "monthly",
                    "pm25": record.pm25,
                    "pm25_days": None,
                    "pm25_reason": None
                    if pd.notna(record.pm25)
                    else "no value in the monthly table",
                    "pm25_p95": np.nan,
                    "o3": record.o3_8h_90,
                    "o3_days": None,
                    "o3_reason": None
                    if pd.notna(record.o3_8h_90)
                    else "no value in the monthly table",
                    "aqi_days": 0,
                    "good_days": 0,
                    "heavy_days": 0,
                }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(CITY_VALUE_COLUMNS))
    frame.index.name = "code"
    return frame
