"""Where the demo's migrant workers go (外出务工地点), by home county and away_scope.

凤县 (陕西宝鸡) workers go to 宝鸡, 西安 and 汉中 in the province, and to the Yangtze and Pearl River
deltas; 红河州 (云南) workers go to 昆明 and 玉溪 in the province, and mostly to 广东, 浙江 and 福建
(红河州's reply: 1.4439 million rural workers transferred, 1.1625 million of them within 云南).
"""

OUT_OF_PROVINCE_SHAANXI = ("江苏省苏州市", "浙江省杭州市", "广东省深圳市", "广东省东莞市", "新疆乌鲁木齐市",
                           "甘肃省兰州市", "四川省成都市", "北京市")
IN_PROVINCE_SHAANXI = ("宝鸡市渭滨区", "宝鸡市金台区", "西安市雁塔区", "西安市未央区", "汉中市汉台区",
                       "杨凌示范区")
OUT_OF_PROVINCE_YUNNAN = ("广东省东莞市", "广东省深圳市", "广东省佛山市", "浙江省宁波市", "浙江省义乌市",
                          "福建省晋江市", "江苏省苏州市", "上海市")
IN_PROVINCE_YUNNAN = ("昆明市官渡区", "昆明市呈贡区", "玉溪市红塔区", "曲靖市麒麟区", "文山州砚山县",
                      "西双版纳州景洪市")

COUNTY_TOWNS = {
    "610330": "凤县双石铺镇", "532501": "个旧市城区", "532502": "开远市城区", "532503": "蒙自市城区",
    "532504": "弥勒市城区", "532523": "屏边县玉屏镇", "532524": "建水县临安镇", "532525": "石屏县异龙镇",
    "532527": "泸西县中枢镇", "532528": "元阳县南沙镇", "532529": "红河县迤萨镇", "532530": "金平县金河镇",
    "532531": "绿春县大兴镇", "532532": "河口县河口镇",
}


def _away(county_code: str) -> dict[str, tuple[str, ...]]:
    if county_code.startswith("61"):
        return {"out_of_province": OUT_OF_PROVINCE_SHAANXI, "out_of_county": IN_PROVINCE_SHAANXI}
    return {"out_of_province": OUT_OF_PROVINCE_YUNNAN, "out_of_county": IN_PROVINCE_YUNNAN}


AWAY_PLACES: dict[str, dict[str, tuple[str, ...]]] = {code: _away(code) for code in COUNTY_TOWNS}
IN_COUNTY_PLACE: dict[str, str] = {code: f"{town}（县内务工）" for code, town in COUNTY_TOWNS.items()}
