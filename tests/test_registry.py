"""Tests for the city registry (data/registry) and its loader (reporter.registry)."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from reporter.errors import ConfigError
from reporter.registry import (
    City,
    Region,
    Registry,
    default_registry_dir,
    load_registry,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NAME = "china_cities_20210701.csv"


def words(text: str) -> list[str]:
    return text.split()


# City columns of the CNEMC hourly file of 2021-07-01, in file order (header after date,hour,type).
SAMPLE_COLUMNS = words(
    """
    北京 天津 石家庄 唐山 秦皇岛 邯郸 保定 张家口 承德 廊坊 沧州 衡水
    邢台 太原 呼和浩特 沈阳 大连 长春 哈尔滨 上海 南京 苏州 南通 连云港
    徐州 扬州 无锡 常州 镇江 泰州 淮安 盐城 宿迁 杭州 宁波 温州 绍兴
    湖州 嘉兴 台州 舟山 金华 衢州 丽水 合肥 福州 厦门 南昌 济南 青岛
    郑州 武汉 长沙 广州 深圳 珠海 佛山 中山 江门 东莞 惠州 肇庆 南宁
    海口 重庆 成都 贵阳 昆明 拉萨 西安 兰州 西宁 银川 乌鲁木齐 湘潭 株洲
    包头 鄂尔多斯 营口 丹东 盘锦 葫芦岛 泉州 临沂 德州 聊城 滨州 淄博
    枣庄 烟台 潍坊 济宁 泰安 日照 威海 东营 韶关 汕头 湛江 茂名 梅州
    汕尾 河源 阳江 清远 潮州 揭阳 云浮 玉溪 菏泽 大同 长治 临汾 阳泉
    赤峰 鞍山 抚顺 本溪 锦州 吉林 齐齐哈尔 牡丹江 大庆 芜湖 马鞍山 九江
    洛阳 安阳 开封 焦作 平顶山 三门峡 宜昌 荆州 岳阳 常德 张家界 桂林
    北海 柳州 三亚 绵阳 宜宾 攀枝花 泸州 自贡 德阳 南充 遵义 曲靖 咸阳
    铜川 延安 宝鸡 渭南 金昌 嘉峪关 石嘴山 克拉玛依 巴音郭楞州 寿光 章丘
    即墨 胶南 胶州 莱西 平度 蓬莱 招远 莱州 荣成 文登 乳山 吴江 昆山
    常熟 张家港 太仓 句容 江阴 宜兴 金坛 溧阳 海门 临安 富阳 义乌 诸暨
    瓦房店 信阳 周口 漳州 晋城 朔州 晋中 运城 忻州 吕梁 乌海 通辽
    呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟 锡林郭勒盟 阿拉善盟 阜新 辽阳 铁岭
    朝阳 四平 辽源 通化 白山 松原 白城 延边朝鲜族自治州 鸡西 鹤岗 双鸭山
    伊春 佳木斯 七台河 黑河 绥化 大兴安岭地区 蚌埠 淮南 淮北 铜陵 安庆
    黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 莆田 三明 南平 龙岩 宁德
    景德镇 萍乡 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 鹤壁 新乡 濮阳 许昌
    漯河 南阳 商丘 驻马店 黄石 十堰 襄阳 鄂州 荆门 孝感 黄冈 咸宁 随州
    恩施土家族苗族自治州 衡阳 邵阳 益阳 郴州 永州 怀化 娄底 湘西州 梧州
    防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 广元 遂宁 内江 乐山
    眉山 广安 达州 雅安 巴中 资阳 阿坝藏族羌族自治州 甘孜州 甘孜藏族自治州
    凉山彝族自治州 六盘水 安顺 铜仁地区 毕节 黔西南布依族苗族自治州
    黔东南苗族侗族自治州 黔东南州 黔南布依族苗族自治州 保山 昭通 丽江 普洱
    临沧 楚雄州 红河州 文山州 西双版纳州 大理州 德宏州 怒江州 迪庆州 昌都
    山南 日喀则 那曲地区 那曲 阿里地区 林芝 汉中 榆林 安康 商洛 白银 天水
    武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏回族自治州 甘南州 海东地区
    海北藏族自治州 黄南藏族自治州 海南藏族自治州 果洛藏族自治州 玉树藏族自治州
    海西蒙古族藏族自治州 吴忠 中卫 固原 吐鲁番地区 哈密地区 昌吉州
    博尔塔拉蒙古自治州 阿克苏地区 克孜勒苏柯尔克孜自治州 喀什地区 和田地区
    伊犁哈萨克州 塔城地区 阿勒泰地区 石河子 五家渠 三沙 兰州新区 赣江新区
    儋州 雄安新区 西咸新区
"""
)

# Columns that are not prefecture-level units: county-level cities and state-level new districts.
NOT_PREFECTURE = set(
    words(
        """
    寿光 章丘 即墨 胶南 胶州 莱西 平度 蓬莱 招远 莱州 荣成 文登 乳山 吴江 昆山 常熟 张家港
    太仓 句容 江阴 宜兴 金坛 溧阳 海门 临安 富阳 义乌 诸暨 瓦房店
    兰州新区 赣江新区 雄安新区 西咸新区
    """
    )
)

# The 335 units of seed 003 (synergy assessment, appendix tables), by its province names.
SEED_003 = {
    "北京": "北京",
    "天津": "天津",
    "河北": "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水",
    "山西": "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁",
    "内蒙古": "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安 锡林郭勒 "
    "阿拉善",
    "辽宁": "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛",
    "吉林": "长春 吉林 四平 辽源 通化 白山 松原 白城 延边",
    "黑龙江": "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭",
    "上海": "上海",
    "江苏": "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁",
    "浙江": "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水",
    "安徽": "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "福建": "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德",
    "江西": "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶",
    "山东": "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
    "河南": "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 "
    "周口 驻马店",
    "湖北": "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施",
    "湖南": "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西",
    "广东": "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 "
    "东莞 中山 潮州 揭阳 云浮",
    "广西": "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左",
    "海南": "海口 三亚",
    "重庆": "重庆",
    "四川": "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 "
    "雅安 巴中 资阳 阿坝 甘孜 凉山",
    "贵州": "贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南",
    "云南": "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆",
    "西藏": "拉萨 日喀则 昌都 林芝 山南 那曲 阿里",
    "陕西": "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛",
    "甘肃": "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南",
    "青海": "西宁 海东 海北 黄南 海南 果洛 玉树 海西",
    "宁夏": "银川 石嘴山 吴忠 固原 中卫",
    "新疆": "乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒 喀什 和田 "
    "伊犁 塔城 阿勒泰",
}

# Membership lists as printed in 国发〔2018〕22号, 国发〔2023〕24号 and for the Pearl River Delta.
REGION_MEMBERS = {
    "jjj_2p26_2018": "北京 天津 石家庄 唐山 廊坊 保定 沧州 衡水 邢台 邯郸 太原 阳泉 长治 晋城 "
    "济南 淄博 济宁 德州 聊城 滨州 菏泽 郑州 开封 安阳 鹤壁 新乡 焦作 濮阳",
    "yrd_2018": "上海 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 "
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山 "
    "淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "fwp_2018": "晋中 运城 临汾 吕梁 洛阳 三门峡 西安 铜川 宝鸡 咸阳 渭南",
    "prd": "广州 深圳 珠海 佛山 江门 肇庆 惠州 东莞 中山",
    "jjj_2024": "北京 天津 石家庄 唐山 秦皇岛 邯郸 邢台 保定 沧州 廊坊 衡水 济南 淄博 枣庄 "
    "东营 潍坊 济宁 泰安 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳 鹤壁 "
    "新乡 焦作 濮阳 许昌 漯河 三门峡 商丘 周口",
    "yrd_2024": "上海 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 "
    "杭州 宁波 嘉兴 湖州 绍兴 舟山 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 滁州 阜阳 宿州 六安 亳州",
    "fwp_2024": "太原 阳泉 长治 晋城 晋中 运城 临汾 吕梁 西安 铜川 宝鸡 咸阳 渭南",
}

# (old or feed spelling, current name, division code from the MCA code table)
SAME_CITY = [
    ("那曲地区", "那曲", "540600"),
    ("甘孜藏族自治州", "甘孜州", "513300"),
    ("黔东南苗族侗族自治州", "黔东南州", "522600"),
    ("铜仁地区", "铜仁", "520600"),
    ("毕节地区", "毕节", "520500"),
    ("海东地区", "海东", "630200"),
    ("吐鲁番地区", "吐鲁番", "650400"),
    ("哈密地区", "哈密", "650500"),
    ("襄樊", "襄阳", "420600"),
    ("思茅", "普洱", "530800"),
    ("日喀则地区", "日喀则", "540200"),
    ("巴音郭楞蒙古自治州", "巴音郭楞州", "652800"),
    ("伊犁哈萨克州", "伊犁哈萨克自治州", "654000"),
]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_sample_column_list_matches_the_shared_sample() -> None:
    sample = ROOT / "tests" / "data" / SAMPLE_NAME  # a copy of the real feed day
    header = sample.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["date", "hour", "type"]
    assert header[3:] == SAMPLE_COLUMNS


def test_city_count_is_that_of_the_national_list(registry: Registry) -> None:
    assert 330 <= len(registry.cities) <= 345


def test_cities_sorted_by_unique_six_digit_codes(registry: Registry) -> None:
    codes = [city.code for city in registry.cities]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 6 and code.isdigit() for code in codes)


def test_every_prefecture_column_of_the_sample_resolves(registry: Registry) -> None:
    unresolved = [c for c in SAMPLE_COLUMNS if c not in NOT_PREFECTURE and not registry.resolve(c)]
    assert unresolved == []


@pytest.mark.parametrize("column", sorted(NOT_PREFECTURE))
def test_county_level_cities_and_new_districts_stay_unmapped(
    registry: Registry, column: str
) -> None:
    assert column in SAMPLE_COLUMNS
    assert registry.resolve(column) is None


def test_the_sample_covers_every_registry_city(registry: Registry) -> None:
    mapped = {registry.resolve(c).code for c in SAMPLE_COLUMNS if c not in NOT_PREFECTURE}
    assert mapped == {city.code for city in registry.cities}


@pytest.mark.parametrize(("old", "new", "code"), SAME_CITY)
def test_old_and_new_names_resolve_to_the_same_code(
    registry: Registry, old: str, new: str, code: str
) -> None:
    assert registry.resolve(old) == registry.resolve(new) == registry.by_code(code)


def test_seed_003_names_resolve_in_their_province(registry: Registry) -> None:
    pairs = [(province, city) for province, text in SEED_003.items() for city in words(text)]
    assert len(pairs) == 335
    wrong = [
        (province, city)
        for province, city in pairs
        if (found := registry.resolve(city)) is None or found.province_zh != province
    ]
    assert wrong == []
    assert len({registry.resolve(city).code for _, city in pairs}) == 335


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("北京", "110000"),
        ("北京市", "110000"),
        ("石家庄", "130100"),
        ("重庆", "500000"),
        ("三沙", "460300"),
        ("儋州", "460400"),
        ("石河子", "659001"),
        ("五家渠", "659004"),
        ("大兴安岭地区", "232700"),
        ("锡林郭勒盟", "152500"),
        (" Harbin ", "230100"),
        ("URUMQI", "650100"),
        ("xi'an", "610100"),
        ("Suzhou", "320500"),
        ("Suzhou (Anhui)", "341300"),
        ("　甘孜　", "513300"),
    ],
)
def test_resolve_names_aliases_and_english(registry: Registry, name: str, code: str) -> None:
    city = registry.resolve(name)
    assert city is not None
    assert city.code == code


@pytest.mark.parametrize("name", ["", "  ", "Atlantis", "莱芜", "巢湖", "杨凌", "定州", "济源"])
def test_unknown_names_resolve_to_none(registry: Registry, name: str) -> None:
    assert registry.resolve(name) is None


def test_by_code_raises_key_error_for_unknown_code(registry: Registry) -> None:
    assert registry.by_code("440300").name_en == "Shenzhen"
    with pytest.raises(KeyError):
        registry.by_code("999999")


def test_names_follow_one_style(registry: Registry) -> None:
    for city in registry.cities:
        assert not city.name_zh.endswith(("市", "自治州")), city
        assert city.name_en[0].isupper(), city
        assert city.name_en.replace("ü", "u").isascii(), city
    by_name = {city.name_zh: city for city in registry.cities}
    assert {"甘孜州", "湘西州", "延边州", "阿克苏地区", "兴安盟"} <= by_name.keys()
    assert by_name["甘孜州"].name_en == "Garze Prefecture"
    assert by_name["呼和浩特"].name_en == "Hohhot"


@pytest.mark.parametrize(
    ("code", "lon", "lat"),
    [("110000", 116.40, 39.90), ("650100", 87.62, 43.83), ("460200", 109.51, 18.25)],
)
def test_coordinates_are_near_the_city_seat(
    registry: Registry, code: str, lon: float, lat: float
) -> None:
    city = registry.by_code(code)
    assert abs(city.lon - lon) < 0.05
    assert abs(city.lat - lat) < 0.05


@pytest.mark.parametrize(("region_id", "size"), [
    ("jjj_2p26_2018", 28), ("yrd_2018", 41), ("fwp_2018", 11), ("prd", 9),
    ("jjj_2024", 38), ("yrd_2024", 31), ("fwp_2024", 13),
])  # fmt: skip
def test_region_members_match_the_documents(registry: Registry, region_id: str, size: int) -> None:
    region = {r.id: r for r in registry.regions}[region_id]
    expected = {registry.resolve(name).code for name in words(REGION_MEMBERS[region_id])}
    assert len(expected) == size
    assert region.members == expected


def test_regions_by_period(registry: Registry) -> None:
    before = [r.id for r in registry.regions_on(datetime.date(2023, 6, 1))]
    after = [r.id for r in registry.regions_on(datetime.date(2024, 6, 1))]
    assert sorted(before) == ["fwp_2018", "jjj_2p26_2018", "prd", "yrd_2018"]
    assert sorted(after) == ["fwp_2024", "jjj_2024", "prd", "yrd_2024"]
    order = [r.id for r in registry.regions]
    assert before == [i for i in order if i in before]
    assert {r.id for r in registry.regions_on(datetime.date(2023, 12, 31))} == set(before)
    assert {r.id for r in registry.regions_on(datetime.date(2024, 1, 1))} == set(after)
    assert registry.regions_on(datetime.date(2017, 12, 31)) == ()


def test_regions_for_period_uses_the_last_day(registry: Registry) -> None:
    december = registry.regions_for_period(datetime.date(2023, 12, 1), datetime.date(2023, 12, 31))
    winter = registry.regions_for_period(datetime.date(2023, 12, 1), datetime.date(2024, 1, 31))
    assert "jjj_2p26_2018" in {r.id for r in december}
    assert "jjj_2024" in {r.id for r in winter}
    assert winter == registry.regions_on(datetime.date(2024, 1, 31))
    with pytest.raises(ValueError):
        registry.regions_for_period(datetime.date(2024, 2, 1), datetime.date(2024, 1, 1))


def test_region_in_effect_bounds() -> None:
    open_ended = Region("r", "区", "R", datetime.date(2024, 1, 1), None, frozenset())
    closed = Region(
        "c", "区", "C", datetime.date(2018, 1, 1), datetime.date(2018, 12, 31), frozenset()
    )
    assert not open_ended.in_effect(datetime.date(2023, 12, 31))
    assert open_ended.in_effect(datetime.date(2099, 1, 1))
    assert closed.in_effect(datetime.date(2018, 12, 31))
    assert not closed.in_effect(datetime.date(2019, 1, 1))


def test_default_dir_and_cache(registry: Registry) -> None:
    assert default_registry_dir() == ROOT / "data" / "registry"
    assert load_registry() is registry
    assert load_registry(default_registry_dir()) is registry
    assert isinstance(registry.cities[0], City)


# --- validation, on small registries written to tmp_path --------------------------------

HEADER = "code,name_zh,name_en,province_zh,province_en,lon,lat,aliases"
GOOD_CITIES = [
    "110000,北京,Beijing,北京,Beijing,116.4012,39.9028,北京市",
    "130100,石家庄,Shijiazhuang,河北,Hebei,114.5088,38.0416,石家庄市",
    "513300,甘孜州,Garze Prefecture,四川,Sichuan,101.9608,30.0523,甘孜藏族自治州|甘孜",
]
GOOD_REGION = """\
  - id: north
    name_zh: 北方
    name_en: North
    valid_from: 2018-01-01
    valid_to: 2023-12-31
    members: ["110000", "130100"]
"""


def write_registry(directory: Path, cities: list[str], regions: str = GOOD_REGION) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "cities.csv").write_text("\n".join([HEADER, *cities]) + "\n", encoding="utf-8")
    (directory / "regions.yaml").write_text("regions:\n" + regions, encoding="utf-8")
    return directory


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_registry(directory)
    return caught.value.problems


def test_small_valid_registry_loads(tmp_path: Path) -> None:
    small = load_registry(write_registry(tmp_path, GOOD_CITIES))
    assert [c.code for c in small.cities] == ["110000", "130100", "513300"]
    assert small.resolve("甘孜") == small.by_code("513300")
    assert small.regions[0].members == {"110000", "130100"}


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("130100,石家庄2,Shijiazhuang2,河北,Hebei,114.5,38.0,", "duplicate code 130100"),
        ("13010,正定,Zhengding,河北,Hebei,114.5,38.1,", "not 6 digits"),
        ("1301000,正定,Zhengding,河北,Hebei,114.5,38.1,", "not 6 digits"),
        ("130200,唐山,Tangshan,河北,Hebei,118.17,39.63,甘孜", "already used"),
        ("130200,唐山,Garze prefecture,河北,Hebei,118.17,39.63,", "already used"),
        ("130200,唐山,Tangshan,河北,Hebei,18.17,39.63,", "outside China"),
        ("130200,唐山,Tangshan,河北,Hebei,118.17,-39.63,", "outside China"),
        ("130200,唐山,Tangshan,河北,Hebei,east,39.63,", "not a number"),
        ("130200,,Tangshan,河北,Hebei,118.17,39.63,", "name_zh is empty"),
        ("130200,唐山,Tangshan,河北,Hebei,118.17", "fields"),
    ],
)
def test_each_city_problem_is_reported(tmp_path: Path, bad_row: str, message: str) -> None:
    problems = problems_of(write_registry(tmp_path, [*GOOD_CITIES, bad_row]))
    assert len(problems) == 1
    assert message in problems[0]
    assert "row 5" in problems[0]


@pytest.mark.parametrize(
    ("region", "message"),
    [
        (GOOD_REGION.replace('"130100"', '"130200"'), "not a registry city code"),
        (GOOD_REGION.replace('"130100"', "130100"), "quoted code string"),
        (GOOD_REGION.replace("2018-01-01", "2018-13-01"), "valid_from"),
        (GOOD_REGION.replace("2018-01-01", "'2018/01/01'"), "not a date"),
        (GOOD_REGION.replace("2023-12-31", "soon"), "valid_to"),
        (GOOD_REGION.replace("2023-12-31", "2017-12-31"), "before valid_from"),
        (GOOD_REGION + GOOD_REGION, "duplicate id"),
        (GOOD_REGION.replace('members: ["110000", "130100"]', "members: []"), "members"),
    ],
)
def test_each_region_problem_is_reported(tmp_path: Path, region: str, message: str) -> None:
    problems = problems_of(write_registry(tmp_path, GOOD_CITIES, region))
    assert len(problems) == 1
    assert message in problems[0]


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    cities = [
        *GOOD_CITIES,
        "130100,石家庄2,Shijiazhuang2,河北,Hebei,114.5,38.0,",
        "1302,唐山,Tangshan,河北,Hebei,200.0,39.63,石家庄",
    ]
    regions = GOOD_REGION.replace('"130100"', '"999999"').replace("2018-01-01", "someday")
    directory = write_registry(tmp_path, cities, regions)
    with pytest.raises(ConfigError) as caught:
        load_registry(directory)
    problems = caught.value.problems
    assert len(problems) == 6
    assert caught.value.path == str(directory.resolve())
    text = "\n".join(problems)
    for needle in ("duplicate code", "not 6 digits", "outside China", "already used"):
        assert "cities.csv: row" in text and needle in text
    assert "regions.yaml: region north: member '999999'" in text
    assert "valid_from 'someday'" in text


def test_bad_header_and_missing_files_are_reported(tmp_path: Path) -> None:
    directory = write_registry(tmp_path, GOOD_CITIES)
    text = (directory / "cities.csv").read_text(encoding="utf-8")
    (directory / "cities.csv").write_text(text.replace("name_en", "english"), encoding="utf-8")
    assert "header must be" in problems_of(directory)[0]
    with pytest.raises(ConfigError):
        load_registry(tmp_path / "nowhere")


def test_committed_csv_is_what_the_build_script_produces() -> None:
    script = ROOT / "scripts" / "build_registry.py"
    done = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
