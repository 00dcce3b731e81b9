//! The parser on the reference transcript and on other shapes, end to end.

use super::{parse, ParseOptions};
use crate::book::Block;

const SEED: &str = include_str!("../../seeds/000_f78c835db4602e1d.txt");

fn seed() -> super::Parsed {
    parse(SEED, &ParseOptions::default())
}

#[test]
fn seed_structure() {
    let p = seed();
    let b = &p.book;
    assert_eq!(
        b.meta.title,
        "奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI"
    );
    assert_eq!(b.meta.language, "zh-CN");
    assert_eq!(b.meta.publisher.as_deref(), Some("腾讯科技"));
    assert_eq!(b.lead.len(), 1);
    assert!(b.lead[0].text().starts_with("腾讯科技讯 3月19日消息"));
    // Hard-wrapped English names are joined with one space.
    assert!(b.lead[0].text().contains("（Lex Friedman）"));
    assert!(b.lead[0].text().contains("（Sam Altman）"));
    assert!(b.lead[0].text().contains("（Elon Musk）"));
    let k = b.key_points.as_ref().unwrap();
    assert_eq!(k.heading, "划重点");
    assert_eq!(k.points.len(), 9);
    assert_eq!(k.points[0].number, 1);
    assert_eq!(k.points[0].topic.as_deref(), Some("OpenAI董事会风波"));
    assert!(k.points[0]
        .text
        .iter()
        .map(|s| s.text.as_str())
        .collect::<String>()
        .starts_with("这段经历"));
    assert_eq!(k.points[0].chapter, Some(0));
    assert_eq!(
        b.transcript_intro.as_ref().unwrap().text(),
        "以下为此次专访实录全文："
    );
    let titles: Vec<String> = b.chapters.iter().map(|c| c.full_title()).collect();
    assert_eq!(
        titles,
        [
            "01 OpenAI董事会风波",
            "02 苏茨凯弗还有另一面",
            "03 关于马斯克的诉讼",
            "04 Sora：人们会以新的方式使用新工具",
            "05 GPT-4：我对它有点失望",
            "06 记忆与隐私",
            "07 神秘Q*：仍没有飞跃的迹象",
            "08 GPT-5发布时间待定",
            "09 7万亿美元大项目",
            "10 谷歌及其Gemini",
            "11 跨越到GPT-5：变得更聪明",
            "12 AGI",
            "13 外星人",
        ]
    );
    assert_eq!(b.turns().count(), 315);
    let by = |label: &str| b.turns().filter(|t| b.speaker_label(t) == label).count();
    assert_eq!(by("问"), 157);
    assert_eq!(by("奥特曼"), 158);
    let images: Vec<_> = b.images().collect();
    assert_eq!(images.len(), 2);
    assert!(images
        .iter()
        .all(|i| i.src.starts_with("https://inews.gtimg.com/") && i.src.ends_with("/1000")));
    assert_eq!(b.chapters[0].images().count(), 2);
    assert_eq!(b.end_matter.len(), 1);
    assert_eq!(b.end_matter[0].text(), "（编译/金鹿）");
    assert!(b.meta.contributors.iter().any(|c| c.name == "金鹿"));
    assert_eq!(
        p.report.skipped.len(),
        1,
        "only the duplicate title is skipped"
    );
    assert!(p.report.warnings.is_empty(), "{:?}", p.report.warnings);
}

#[test]
fn seed_turns_and_joins() {
    let b = seed().book;
    let text = b.plain_text();
    // Split paragraph mended; label variants all give clean text.
    assert!(text.contains("看到这些推文，我深感欣慰"));
    assert!(text.contains("奥特曼：是的。我自认为是一个非常信任他人的人。"));
    assert!(text.contains("奥特曼：是的。尤其是在技术层面上。"));
    assert!(text.contains("问：有人批评了新加入董事会的一些人。例如，我听到了很多人批评拉里·萨默斯（Larry Summers）的加入。"));
    assert!(text.contains("选择布雷特·泰勒（Bret Taylor）和萨默斯"));
    assert!(!text.contains("**"), "no stray bold markers");
    // The last turn ends before the credit.
    let last = b.chapters.last().unwrap();
    let Some(Block::Turn(t)) = last.blocks.last() else {
        panic!("last block is a turn")
    };
    assert!(t
        .paragraphs
        .last()
        .unwrap()
        .text()
        .ends_with("我所拥有的生活。"));
    // A turn spans the paragraphs until the next label.
    assert!(b.turns().any(|t| t.paragraphs.len() >= 3));
    // No stray spaces between CJK characters.
    let spaced = regex::Regex::new(r"\p{Han} \p{Han}").unwrap();
    let stray: Vec<_> = spaced
        .find_iter(&text)
        .map(|m| m.as_str().to_string())
        .collect();
    assert!(stray.len() <= 1, "stray spaces: {stray:?}"); // the title's own `分道扬镳 想掌控`
}

/// Strips the transcript's markup from a source line, keeping its words.
fn source_words(line: &str) -> String {
    let image = regex::Regex::new(r"!\[[^\]]*\]\([^)]*\)").unwrap();
    let line = image.replace_all(line, "");
    let line = line.trim_start_matches('#').trim_start();
    let line = line.trim_start_matches("* ").trim_start();
    let line = regex::Regex::new(r"^_(\d+)_").unwrap().replace(line, "$1");
    line.replace("**", "")
        .replace(['【', '】'], "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn seed_loses_no_text() {
    let b = seed().book;
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '：' | ':'))
            .collect()
    };
    let book_text = squash(&b.plain_text());
    let mut missing = Vec::new();
    // Every sentence of every source paragraph (markup aside) is in the book.
    for paragraph in SEED.split("\n\n") {
        let words: String = paragraph.lines().map(source_words).collect();
        for sentence in squash(&words).split_inclusive(['。', '！', '？']) {
            if !sentence.is_empty() && !book_text.contains(sentence) {
                missing.push(sentence.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} sentences missing, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(3)]
    );
}

const QA_SHAPE: &str = "\
Interview with a Builder
========================

Some intro text about the talk
that wraps over lines.

## Beginnings

**Q：** How did you start?

**A：** By accident.
It went on from there.

Then more of the same answer.

## 未来

**Q:**今后呢？

**A：** 继续做下去。
";

#[test]
fn qa_labels_markdown_headings_no_key_points() {
    let p = parse(QA_SHAPE, &ParseOptions::default());
    let b = &p.book;
    assert_eq!(b.meta.title, "Interview with a Builder");
    assert!(b.key_points.is_none());
    assert_eq!(b.lead.len(), 1);
    assert_eq!(
        b.lead[0].text(),
        "Some intro text about the talk that wraps over lines."
    );
    let titles: Vec<&str> = b.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Beginnings", "未来"]);
    assert_eq!(b.turns().count(), 4);
    let a = b.chapters[0].turns().nth(1).unwrap();
    assert_eq!(b.speaker_label(a), "A");
    assert_eq!(a.paragraphs.len(), 2);
    assert_eq!(
        a.paragraphs[0].text(),
        "By accident. It went on from there."
    );
    assert_eq!(
        b.chapters[1].turns().next().unwrap().paragraphs[0].text(),
        "今后呢？"
    );
}

#[test]
fn configured_speakers_and_sections() {
    let text = "# T\n\n第一部分 开始\n\n甲：你好。\n\n乙：你好！\n\n第二部分 结束\n\n甲：再见。\n";
    let options = ParseOptions {
        speakers: vec!["甲".into(), "乙".into()],
        section_pattern: Some(regex::Regex::new(r"第(?P<number>.)部分 (?P<title>.+)").unwrap()),
        front_matter_end: None,
    };
    let b = parse(text, &options).book;
    assert_eq!(b.chapters.len(), 2);
    assert_eq!(b.chapters[1].title, "结束");
    assert_eq!(b.turns().count(), 3);
}

#[test]
fn no_sections_makes_one_chapter() {
    let b = parse(
        "# 标题\n\n问：一？\n\n答：二。\n\n问：三？\n\n答：四。\n",
        &ParseOptions::default(),
    )
    .book;
    assert_eq!(b.chapters.len(), 1);
    assert_eq!(b.chapters[0].title, "标题");
    assert_eq!(b.turns().count(), 4);
}

#[test]
fn seed_key_points_link_in_chapter_order() {
    let p = seed();
    let k = p.book.key_points.as_ref().unwrap();
    let links: Vec<Option<usize>> = k.points.iter().map(|p| p.chapter).collect();
    // 【Sora和GPT-5】 matches 04 Sora…, 08 GPT-5… and 11 …GPT-5…; between points 3 and 6
    // only 04 keeps the summary in the order of the text.
    assert_eq!(links[3], Some(3), "{links:?}");
    let linked: Vec<usize> = links.iter().flatten().copied().collect();
    assert!(linked.windows(2).all(|w| w[0] <= w[1]), "{links:?}");
}

#[test]
fn key_point_out_of_order_still_links_to_its_best_match() {
    let src = "# 标题\n\n**划重点：**\n\n* 【记忆与隐私】甲。\n* 【董事会风波】乙。\n* 【谷歌】丙。\n\n\
               01 董事会风波\n\n问：一？\n\n答：一。\n\n02 谷歌及其Gemini\n\n问：二？\n\n答：二。\n\n\
               03 记忆与隐私\n\n问：三？\n\n答：三。\n";
    let p = parse(src, &ParseOptions::default());
    let k = p.book.key_points.as_ref().unwrap();
    let links: Vec<Option<usize>> = k.points.iter().map(|p| p.chapter).collect();
    assert_eq!(links, vec![Some(2), Some(0), Some(1)]);
}

#[test]
fn block_quotes_are_pull_quotes_and_the_turn_goes_on() {
    let src = "# 标题\n\n**问：** 你好吗？\n\n**李明：** 好。\n\n> 这是一句\n> 金句。\n\n接着说。\n\n>无空格金句\n\n**问：** 再见\n";
    let p = parse(src, &ParseOptions::default());
    let blocks = &p.book.chapters[0].blocks;
    let quotes: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Quote(q) => Some(q.text()),
            _ => None,
        })
        .collect();
    assert_eq!(quotes, ["这是一句金句。", "无空格金句"]);
    // The paragraph after the quote is still 李明's, not a paragraph of nobody's.
    let after = blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Quote(_)))
        .nth(1);
    assert!(
        matches!(after, Some(Block::Turn(t)) if t.continued && t.paragraphs[0].text() == "接着说。"),
        "{after:?}"
    );
    assert!(!p.book.plain_text().contains('>'));
}

#[test]
fn datelines_bylines_credits_and_lists_are_not_mended_into_one_paragraph() {
    let src = "# 标题\n\n36氪 · 2024-09-05 10:30\n\n文｜邱晓芬\n\n编辑｜苏建勋\n\n\
               INTERVIEWER\n\nYou wrote your first novel at twenty, didn't you?\n\n\
               1. Early Years in Kumasi\n\n2. The First Company\n\n\
               这是导语的第一段，它在句子中间被一个空行\n\n断开了，应当接上。\n";
    let p = parse(src, &ParseOptions::default());
    let lead: Vec<String> = p.book.lead.iter().map(|p| p.text()).collect();
    assert!(lead.contains(&"文｜邱晓芬".to_string()), "{lead:?}");
    assert!(lead.contains(&"INTERVIEWER".to_string()), "{lead:?}");
    assert!(
        lead.iter().any(|l| l.starts_with("2. The First Company")),
        "{lead:?}"
    );
    assert!(
        lead.contains(&"这是导语的第一段，它在句子中间被一个空行断开了，应当接上。".to_string()),
        "{lead:?}"
    );
    assert_eq!(p.report.mended.len(), 1);
}

#[test]
fn outlet_furniture_captions_separators_and_credits() {
    let src = "# 标题\n\n\
               **记者：** 第一问？\n\n**王院士：** 第一答。\n\n\
               ![](https://img.example.com/a.jpg)\n\n图片来源：中国科学院（图为概念设计图）\n\n\
               接着说完。\n\n—— ——\n\n\
               **记者：** 第二问？\n\n**王院士：** 第二答。\n\n＊＊＊\n\n\
               推荐阅读：\n\n- 另一篇访谈的标题\n- 又一篇\n\n\
               ![](https://img.example.com/qrcode.png)\n\n\
               本文来自微信公众号“某某”（ID：x），作者：张三，经授权发布。\n\n\
               欢迎转载，请联系后台。\n\n责任编辑：李跃群\n\n校对：张亮亮\n";
    let p = parse(src, &ParseOptions::default());
    let b = &p.book;
    let images: Vec<_> = b.images().collect();
    assert_eq!(images.len(), 1, "the QR code is not a picture of the book");
    assert_eq!(
        images[0].caption.as_deref(),
        Some("图片来源：中国科学院（图为概念设计图）")
    );
    let text = b.plain_text();
    for gone in [
        "—— ——",
        "＊＊＊",
        "推荐阅读",
        "另一篇",
        "微信公众号",
        "欢迎转载",
    ] {
        assert!(!text.contains(gone), "{gone}: {text}");
    }
    let end: Vec<String> = b.end_matter.iter().map(|p| p.text()).collect();
    assert_eq!(end, ["责任编辑：李跃群", "校对：张亮亮"]);
    assert_eq!(b.turns().count(), 4);
    // The answer goes on after its picture, in the same turn.
    assert!(text.contains("接着说完。"));
}

#[test]
fn plain_first_line_headlines_are_titles() {
    for (src, title) in [
        (
            "36氪首发 | 对话王兴兴：人形机器人还没到“iPhone时刻”\n\n导语。\n\n**36氪：** 问？\n",
            "36氪首发 | 对话王兴兴：人形机器人还没到“iPhone时刻”",
        ),
        (
            "專訪林本堅：「摩爾定律沒有死，只是換了一種活法」\n\n導語。\n",
            "專訪林本堅：「摩爾定律沒有死，只是換了一種活法」",
        ),
        (
            "Why Did Nobody Build This Before?\n\nAn intro.\n",
            "Why Did Nobody Build This Before?",
        ),
    ] {
        assert_eq!(parse(src, &ParseOptions::default()).book.meta.title, title);
    }
    // A first line that is a sentence is the lead, not a title.
    let p = parse("我们在北京见到了他，聊了三个小时。\n\n问：你好？\n\n答：好。\n\n问：再见？\n\n答：再见。\n", &ParseOptions::default());
    assert!(p.book.meta.title.is_empty());
}

#[test]
fn decorated_section_numbers_open_chapters() {
    for (open, close) in [("/ ", " /"), ("| ", " |"), ("— ", " —")] {
        let src = format!(
            "# 标题\n\n{open}01{close}\n\n为什么是长文本\n\n**问：** 一？\n\n**答：** 一。\n\n\
             {open}02{close}\n\n增长与留存\n\n**问：** 二？\n\n**答：** 二。\n"
        );
        let p = parse(&src, &ParseOptions::default());
        let titles: Vec<String> = p.book.chapters.iter().map(|c| c.full_title()).collect();
        assert_eq!(
            titles,
            ["01 为什么是长文本", "02 增长与留存"],
            "{open}01{close}"
        );
    }
    let src = "# 標題\n\n【一、浸潤式微影的那一年】\n\n問：一？\n\n答：一。\n\n【二、給年輕人的話】\n\n問：二？\n\n答：二。\n\n問：三？\n\n答：三。\n";
    let p = parse(src, &ParseOptions::default());
    let titles: Vec<String> = p.book.chapters.iter().map(|c| c.title.clone()).collect();
    assert_eq!(titles, ["浸潤式微影的那一年", "給年輕人的話"]);
}

#[test]
fn footers_after_a_last_break_and_bracketed_credits_are_end_matter() {
    let src = "# 标题\n\n**问：** 一？\n\n**答：** 一。\n\n**问：** 二？\n\n**答：** 二。\n\n\
               【责任编辑：屈运栩】\n\n---\n\n【关于本节目】\n\n\
               《商业访谈录》是一档深度访谈播客，在小宇宙收听。\n\n\
               欢迎在小宇宙 App 搜索“商业访谈录”订阅。\n";
    let p = parse(src, &ParseOptions::default());
    let end: Vec<String> = p.book.end_matter.iter().map(|p| p.text()).collect();
    assert_eq!(
        end,
        [
            "【责任编辑：屈运栩】",
            "【关于本节目】",
            "《商业访谈录》是一档深度访谈播客，在小宇宙收听。"
        ]
    );
    let last = p.book.turns().last().unwrap();
    assert_eq!(last.paragraphs.len(), 1, "{last:?}");
    // A break between turns is only a break.
    let src =
        "# 标题\n\n问：一？\n\n答：一。\n\n---\n\n问：二？\n\n答：二。\n\n问：三？\n\n答：三。\n";
    let p = parse(src, &ParseOptions::default());
    assert_eq!(p.book.turns().count(), 6);
    assert!(p.book.end_matter.is_empty());
}
