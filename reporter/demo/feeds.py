"""The synthetic demo dataset: deterministic, realistic in shape, and labelled synthetic everywhere.

It writes, under data/demo/:
  daily/daily_YYYY.parquet   tidy daily values for every registry city, 2020-01 .. 2025-12
  cnemc/china_cities_*.csv   one month (2024-01, plus 2024-02-01 for hour 0) of hourly CNEMC files
Seasons and gradients follow the published picture: winter PM2.5 peaks in the north
(national January mean near 50 µg/m³), summer O3, cleaner south and plateau, a slow decline.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..feeds.cnemc import CNEMC_TYPES
from ..paths import DEMO_DIR
from ..registry import City
from ..settings import load_settings

FIRST_DAY = dt.date(2020, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
HOURLY_MONTH = (2024, 1)
# Cities given gaps on purpose, so the validity rules show in the demo figures.
GAP_JAN_2024 = ("620100", "450300")  # 兰州, 桂林: 26 valid days in January (27 needed)
GAP_FEB_2024 = ("530100",)  # 昆明: 24 valid days in February (25 needed)
MISSING_2023 = ("540100",)  # 拉萨: no data in 2023, so it is left out of 2024's YoY
UNMAPPED_COLUMNS = ("寿光", "雄安新区")  # feed columns that are not prefecture-level cities


def _bump(
    lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float, w_lon: float, w_lat: float
) -> np.ndarray:
    return np.exp(-(((lon - lon0) / w_lon) ** 2 + ((lat - lat0) / w_lat) ** 2))


def _city_climate(cities: list[City]) -> dict[str, np.ndarray]:
    """Annual PM2.5 and O3 levels and winter amplitude from where a city is."""
    lon = np.array([c.lon for c in cities])
    lat = np.array([c.lat for c in cities])
    pm25 = (
        26
        + 34 * _bump(lon, lat, 115.5, 36.5, 6.0, 4.0)  # North China Plain
        + 18 * _bump(lon, lat, 105.0, 30.0, 3.0, 2.5)  # Sichuan basin
        + 14 * _bump(lon, lat, 110.0, 34.5, 4.0, 2.0)  # Fenwei plain
        + 30 * _bump(lon, lat, 80.0, 39.0, 6.0, 2.5)  # Tarim basin dust
        + 8 * _bump(lon, lat, 126.0, 45.5, 4.0, 3.0)  # north-east heating
        - 10 * ((lat < 25) | ((lon < 100) & (lat < 36) & (lon > 80)))  # south coast, plateau
    )
    winter = 0.4 + 0.25 * np.clip((lat - 22) / 18, 0, 1)  # log-amplitude of the season
    o3 = 90 + 22 * _bump(lon, lat, 117.0, 36.0, 7.0, 5.0) + 10 * (lat < 26)
    o3_season = np.where(lat < 26, 0.15, 0.3)
    return {"pm25": np.maximum(pm25, 8), "winter": winter, "o3": o3, "o3_season": o3_season}


def _daily_values(cities: list[City], rng: np.random.Generator) -> pd.DataFrame:
    days = pd.date_range(FIRST_DAY, LAST_DAY, freq="D")
    n_city, n_day = len(cities), len(days)
    climate = _city_climate(cities)
    doy = days.dayofyear.to_numpy()
    years = (days.year.to_numpy() - 2020) + doy / 366
    season = np.cos(2 * np.pi * (doy - 15) / 365.25)  # peaks mid-January
    summer = np.cos(2 * np.pi * (doy - 175) / 365.25)  # peaks late June
    trend = 0.955**years  # about 4.5 % a year cleaner
    noise = np.empty((n_city, n_day))
    noise[:, 0] = rng.normal(0, 0.35, n_city)
    shocks = rng.normal(0, 0.35 * np.sqrt(1 - 0.6**2), (n_city, n_day))
    for d in range(1, n_day):  # AR(1) weather: polluted spells last a few days
        noise[:, d] = 0.6 * noise[:, d - 1] + shocks[:, d]
    pm25 = (
        climate["pm25"][:, None]
        * np.exp(climate["winter"][:, None] * season[None, :])
        * trend[None, :]
        * np.exp(noise - 0.06)
    )
    o3 = (
        climate["o3"][:, None]
        * (1 + climate["o3_season"][:, None] * summer[None, :])
        * (1.0 + 0.012 * years)[None, :]
    )
    o3 = o3 * np.exp(rng.normal(0, 0.18, (n_city, n_day)))
    frame = pd.DataFrame(
        {
            "city": np.repeat([c.name_zh for c in cities], n_day),
            "date": np.tile(days.strftime("%Y-%m-%d"), n_city),
            "pm25": np.round(pm25).ravel(),
            "o3_mda8": np.round(o3).ravel(),
            "pm10": np.round(pm25 * rng.uniform(1.4, 1.9, pm25.shape)).ravel(),
            "so2": np.round(
                np.clip(6 + 10 * (season[None, :] + 1) * rng.uniform(0.5, 1.2, pm25.shape), 2, None)
            ).ravel(),
            "no2": np.round(
                18 + 14 * (season[None, :] + 1) * rng.uniform(0.6, 1.3, pm25.shape)
            ).ravel(),
            "co": np.round(0.5 + pm25 / 120 * rng.uniform(0.8, 1.2, pm25.shape), 1).ravel(),
            "o3_1h": np.round(o3 * rng.uniform(1.1, 1.35, o3.shape)).ravel(),
        }
    )
    return _punch_gaps(frame, cities, rng)


def _punch_gaps(frame: pd.DataFrame, cities: list[City], rng: np.random.Generator) -> pd.DataFrame:
    """About 0.5 % of days missing at random, plus the deliberate gaps named above."""
    drop = rng.random(len(frame)) < 0.005
    names = {c.code: c.name_zh for c in cities}
    date = frame["date"]
    for code in GAP_JAN_2024:
        drop |= (frame["city"] == names.get(code)) & date.isin(
            [f"2024-01-{d:02d}" for d in (3, 9, 14, 20, 27)]
        )
    for code in GAP_FEB_2024:
        drop |= (frame["city"] == names.get(code)) & date.isin(
            [f"2024-02-{d:02d}" for d in (2, 8, 15, 21, 26)]
        )
    for code in MISSING_2023:
        drop |= (frame["city"] == names.get(code)) & date.str.startswith("2023")
    return frame[~drop].reset_index(drop=True)


DIURNAL_PM = np.array(
    [
        1.10,
        1.12,
        1.12,
        1.10,
        1.07,
        1.04,
        1.02,
        1.03,
        1.04,
        1.02,
        0.98,
        0.93,
        0.88,
        0.85,
        0.83,
        0.84,
        0.88,
        0.94,
        1.00,
        1.04,
        1.06,
        1.06,
        1.05,
        1.00,
    ]
)
DIURNAL_O3 = np.clip(np.cos(2 * np.pi * (np.arange(1, 25) - 15) / 24), -0.2, None)


def _hourly_month(
    daily: pd.DataFrame, cities: list[City], rng: np.random.Generator
) -> dict[str, str]:
    """CNEMC-format CSV text per file name for the hourly demo month (hour 0 = 24:00 of the day before)."""
    year, month = HOURLY_MONTH
    first = dt.date(year, month, 1)
    last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
    codes = [c.code for c in cities]
    names = [c.name_zh for c in cities]
    wanted = daily[(daily["date"] >= f"{first}") & (daily["date"] <= f"{last}")]
    table = wanted.set_index(["city", "date"])
    n_days = (last - first).days + 1
    # hours[pollutant][city, day, hour_index]: hour_index 0 = hour ending 01:00
    cube = {}
    for column in ("pm25", "o3_mda8", "pm10", "so2", "no2", "co"):
        grid = np.full((len(codes), n_days), np.nan)
        for ci, name in enumerate(names):
            for di in range(n_days):
                key = (name, f"{first + dt.timedelta(days=di)}")
                if key in table.index:
                    grid[ci, di] = table.at[key, column]
        cube[column] = grid
    shape = (len(codes), n_days, 24)
    jitter = rng.normal(1, 0.08, shape)
    pm25 = np.round(cube["pm25"][..., None] * DIURNAL_PM[None, None, :] * jitter)
    o3_base = cube["o3_mda8"][..., None] * 0.45
    o3 = np.round(
        np.clip(
            o3_base + cube["o3_mda8"][..., None] * 0.55 * DIURNAL_O3 * rng.normal(1, 0.05, shape),
            2,
            None,
        )
    )
    others = {
        k: cube[k][..., None] * rng.normal(1, 0.1, shape) for k in ("pm10", "so2", "no2", "co")
    }
    missing = rng.random(shape) < 0.01
    missing[names.index("南宁") if "南宁" in names else 0, 9, 3:8] = (
        True  # 南宁 2024-01-10: 19 hours, invalid
    )
    hourly = {
        "PM2.5": pm25,
        "O3": o3,
        "PM10": np.round(others["pm10"]),
        "SO2": np.round(others["so2"]),
        "NO2": np.round(others["no2"]),
        "CO": np.round(others["co"], 3),
    }
    for values in hourly.values():
        values[missing] = np.nan
    columns = names + list(UNMAPPED_COLUMNS)
    files = {}
    for offset in range(n_days + 1):
        file_day = first + dt.timedelta(days=offset)
        out = io.StringIO()
        out.write("date,hour,type," + ",".join(columns) + "\n")
        for hour in range(24):
            # Row hour h (1..23) of file D is hour-ending h on D; hour 0 is hour-ending 24 on D-1.
            day_index, hour_index = (offset - 1, 23) if hour == 0 else (offset, hour - 1)
            if not 0 <= day_index < n_days:
                continue
            for kind in CNEMC_TYPES:
                base = kind.split("_")[0]
                values = hourly.get(base if kind not in ("AQI",) else "PM2.5")
                cells = values[:, day_index, hour_index] if values is not None else None
                text = ["" if v != v else (f"{v:g}") for v in cells] + [""] * len(UNMAPPED_COLUMNS)
                out.write(f"{file_day:%Y%m%d},{hour},{kind}," + ",".join(text) + "\n")
        files[f"china_cities_{file_day:%Y%m%d}.csv"] = out.getvalue()
    return files


REVISED_FILE = "china_cities_20240115.csv"
# The upstream revision the demo uses to show `reporter diff`: PM2.5 of three cities re-read.
REVISIONS = {"赣州": (range(1, 21), 3.0), "南昌": (range(8, 16), 1.5), "九江": (range(5, 6), 2.0)}


def _revised(text: str) -> str:
    """The 15 January file as upstream might republish it: some PM2.5 values corrected."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    for row in rows[1:]:
        if row[2] != "PM2.5":
            continue
        for city, (hours, factor) in REVISIONS.items():
            cell = header.index(city)
            if int(row[1]) in hours and row[cell]:
                row[cell] = f"{float(row[cell]) * factor:g}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def generate_demo(out: Path = DEMO_DIR, seed: int = 20240101) -> list[Path]:
    """Write the demo feed files; the same seed always gives the same bytes."""
    rng = np.random.default_rng(seed)
    cities = list(load_settings().registry.cities)  # the demo is of the project's cities
    daily = _daily_values(cities, rng)
    written = []
    (out / "daily").mkdir(parents=True, exist_ok=True)
    for year, part in daily.groupby(daily["date"].str[:4]):
        path = out / "daily" / f"daily_{year}.parquet"
        part.reset_index(drop=True).to_parquet(path, index=False, compression="zstd")
        written.append(path)
    (out / "cnemc").mkdir(parents=True, exist_ok=True)
    for name, text in _hourly_month(daily, cities, rng).items():
        path = out / "cnemc" / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
        if name == REVISED_FILE:
            revised = out / "revised" / name
            revised.parent.mkdir(parents=True, exist_ok=True)
            revised.write_text(_revised(text), encoding="utf-8")
            written.append(revised)
    return written


def load_demo(store, *, silent: bool = False, demo_dir: Path = DEMO_DIR) -> None:  # store: Store
    """Ingest the bundled demo files into `store` and label it synthetic."""
    from ..ingest import ingest_cnemc, ingest_daily
    from ..progress import progress

    registry = load_settings(store.data_dir).registry
    files = sorted((demo_dir / "daily").glob("daily_*.parquet"))
    with store.lock():  # the store's one writer lock (locks.py), held across every step
        for path in progress(files, "Loading demo daily data", silent=silent):
            ingest_daily(path, store, registry)
        ingest_cnemc(
            [demo_dir / "cnemc"],
            store,
            registry,
            progress=lambda items, label: progress(items, label, silent=silent),
        )
        store.set_label("synthetic", True)
