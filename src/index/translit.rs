//! Characters that Chinese transliterations of foreign names are written with.
//!
//! Taken from the syllable table of Xinhua's 《世界人名翻译大辞典》 (the 译音表 that
//! 新华社 and most translators follow), plus the Taiwan forms of the same syllables, so
//! that the name finder can tell where `…科学家伊利亚·苏茨凯弗` starts: `家` is not a
//! transliteration character, `伊利亚` is.

/// The table, as one string (simplified, then traditional forms that differ).
const CHARS: &str = "阿埃艾爱安昂奥敖巴拜班邦包保鲍贝本比彼毕宾波伯博布查茨达戴丹当道德登邓\
迪蒂丁东杜敦多厄恩尔法凡范菲费芬丰冯佛夫弗伏福富盖甘冈戈格葛根贡古瓜圭哈海汉豪赫\
亨洪侯胡华怀霍基吉加贾简杰金津卡凯坎康考柯科克肯库夸奎昆拉腊莱赖兰朗劳勒雷蕾黎里\
丽利莉列林琳灵柳龙隆卢鲁陆路伦罗洛吕玛马迈麦曼芒茅梅蒙孟米密缪莫墨默姆穆纳娜奈\
南瑙内妮尼涅宁纽努诺欧帕潘庞佩彭皮珀普齐奇恰乔切钦琴琼丘屈萨塞赛桑瑟森沙莎山珊尚\
绍舍施什史舒思斯松苏索塔泰坦汤唐特提汀廷通图托瓦万旺威韦维温沃乌伍西希锡\
谢辛欣休修雅亚扬耶伊因英尤约泽扎詹珍朱卓兹佐顿\
愛昂奧鮑貝畢賓達戴鄧迪東敦爾範費豐馮蓋岡戈葛貢華懷霍賈簡傑庫誇萊賴蘭勞雷黎麗利莉\
列靈劉龍盧魯陸倫羅洛呂瑪馬邁麥曼蒙孟繆默姆穆納娜奈內妮尼紐諾歐龐彭齊喬欽瓊屈薩\
賽桑瑟沙莎珊紹捨蘇索塔湯唐圖瓦萬韋維溫沃烏伍錫謝辛雅亞揚伊尤約澤紮詹\
凱達東費華賈庫麥內紐齊頓裡裏佈";

/// Whether `c` is used to write foreign names in Chinese.
pub fn is_translit(c: char) -> bool {
    CHARS.contains(c)
}

/// The middle dots that join the parts of a transliterated name (`埃隆·马斯克`,
/// Taiwan's `伊隆‧馬斯克`, the Japanese `・`).
pub fn is_name_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '‧' | '・' | '･' | '∙' | '⋅')
}
