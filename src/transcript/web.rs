//! What a web page leaves around a transcript when it is saved as Markdown: the clipper's
//! source line, the site's header and menu, a page's own table of contents, the blog
//! engine's footer, and timestamps written as links to the video.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// `[(00:01:02)](https://youtube.com/watch?v=…&t=62)` → `(00:01:02)`: a timestamp linked to
/// the video is still a timestamp, and the label shapes know timestamps, not links.
pub fn unlink_timestamps(text: &str) -> Cow<'_, str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !text.contains("](") {
        return Cow::Borrowed(text);
    }
    let re = RE.get_or_init(|| {
        Regex::new(r"\[[(（\[]?(?P<ts>\d{1,2}:\d{2}(?::\d{2})?)[)）\]]?\]\([^)\s]*\)")
            .expect("valid")
    });
    re.replace_all(text, "($ts)")
}

/// A heading that is only a link to a site (`# [Lex Fridman](https://lexfridman.com/)`):
/// the site's name in its header, not the page's title.
pub fn is_site_header(heading: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Only a line that opens with a link needs the pattern (built the first time it does).
    if !heading.trim().starts_with('[') {
        return false;
    }
    let re =
        RE.get_or_init(|| Regex::new(r"^\[[^\]]{1,60}\]\(https?://[^/\s)]+/?\)$").expect("valid"));
    re.is_match(heading.trim())
}

/// A paragraph that holds nothing but links and pictures (a menu, a logo): no text of its
/// own once the markup is taken away.
pub fn is_links_only(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !text.contains("](") {
        return false;
    }
    let re =
        RE.get_or_init(|| Regex::new(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)").expect("valid"));
    let rest = re.replace_all(text, "");
    rest.chars().all(|c| !c.is_alphanumeric())
}

/// Whether the only signs of furniture in `text` are words people also say (`分享到`,
/// `爆料`, `訂閱`): `所以今天先分享到這邊，謝謝大家。` is a speaker's sentence, where
/// `本文来自…` or `欢迎转载` would not be.
pub fn only_spoken_hints(text: &str) -> bool {
    let mut t = text.to_string();
    for w in [
        "分享到",
        "爆料",
        "报料",
        "報料",
        "订阅",
        "訂閱",
        "Subscribe",
        "Share this",
    ] {
        t = t.replace(w, "");
    }
    !super::front::is_boilerplate(&t)
}

/// Whether the name on line `i` heads a WeChat account card (`**Name**`, its motto,
/// `39篇原创内容`, `公众号`): a promotion of the account, not a speaker.
pub fn is_account_card(lines: &[&str], i: usize) -> bool {
    lines
        .iter()
        .skip(i + 1)
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(4)
        .any(|l| {
            let count = l.trim_start_matches(|c: char| c.is_ascii_digit());
            count.len() < l.len() && matches!(count, "篇原创内容" | "篇原創內容")
                || matches!(l, "公众号" | "公眾號" | "视频号" | "視頻號")
        })
}

/// `Transcript for Name: Topic` → `Name: Topic`: the page's kind is not part of the title.
pub fn strip_page_kind(title: &str) -> &str {
    for prefix in [
        "Transcript for ",
        "Transcript of ",
        "Transcript: ",
        "Full transcript: ",
    ] {
        if let Some(rest) = title.strip_prefix(prefix) {
            if !rest.trim().is_empty() {
                return rest.trim();
            }
        }
    }
    title
}

/// Where a blog engine's footer starts: the post's filing line, its navigation to other
/// posts, the engine's credit. Nothing after it is part of the transcript.
pub fn is_footer_start(text: &str) -> bool {
    let t = text.trim().trim_start_matches('#').trim();
    let t = t.trim_start_matches(['[', '*', ' ']);
    [
        "This entry was posted in",
        "This entry was posted on",
        "Post navigation",
        "Posts navigation",
        "Proudly powered by",
        "Powered by WordPress",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// A heading that names a page's own table of contents: the list under it repeats the
/// chapters that follow.
pub fn is_contents_heading(text: &str) -> bool {
    let t = text.trim().trim_matches(['*', '#', ' ', ':', '：']);
    matches!(
        t.to_lowercase().as_str(),
        "table of contents" | "contents" | "目录" | "目錄" | "本期目录" | "本期目錄"
    )
}

/// The web clipper's first line, `[mp.weixin.qq.com](https://…)Account Account`: the
/// source address and, when the account's name follows, the publisher.
pub fn clipper_source(text: &str) -> Option<(String, Option<String>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !text.trim().starts_with('[') {
        return None;
    }
    let re = RE.get_or_init(|| {
        Regex::new(r"^\[(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\]\((?P<url>https?://[^)\s]+)\)\s*(?P<account>[^\[\]()]{0,60})$")
            .expect("valid")
    });
    let c = re.captures(text.trim())?;
    // The link's text is the URL's own host: the clipper wrote it, not the author.
    if !c["url"].contains(&c["host"]) {
        return None;
    }
    let account = c["account"].trim();
    // The clipper writes the account twice (its name, then its display name).
    let words: Vec<&str> = account.split_whitespace().collect();
    let half = words.len() / 2;
    let publisher = if words.len() % 2 == 0 && half > 0 && words[..half] == words[half..] {
        words[..half].join(" ")
    } else {
        account.to_string()
    };
    Some((
        c["url"].to_string(),
        (!publisher.is_empty()).then_some(publisher),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_timestamps_become_timestamps() {
        assert_eq!(
            unlink_timestamps("Ann Lee [(00:01:02)](https://example.com/v?t=62) Hi"),
            "Ann Lee (00:01:02) Hi"
        );
        assert_eq!(unlink_timestamps("[a](b) c"), "[a](b) c");
    }

    #[test]
    fn site_furniture() {
        assert!(is_site_header("[Some Site](https://example.org/)"));
        assert!(!is_site_header("[A talk](https://example.org/a-talk)"));
        assert!(is_links_only(
            "[![](https://example.org/logo.gif)](https://example.org)"
        ));
        assert!(!is_links_only(
            "See [this page](https://example.org) first."
        ));
        assert_eq!(strip_page_kind("Transcript for A: B"), "A: B");
        assert!(is_footer_start("### Post navigation"));
        assert!(is_footer_start(
            "[ Proudly powered by WordPress ](https://wordpress.org/)"
        ));
        assert!(!is_footer_start("Posting is fun."));
        assert!(is_contents_heading("Table of Contents"));
        assert!(is_contents_heading("**目录**"));
    }

    #[test]
    fn clipper_line() {
        assert_eq!(
            clipper_source("[mp.weixin.qq.com](https://mp.weixin.qq.com/s/x)某某科技 某某科技"),
            Some((
                "https://mp.weixin.qq.com/s/x".to_string(),
                Some("某某科技".to_string())
            ))
        );
        assert_eq!(
            clipper_source("[example.com](https://example.com/a)"),
            Some(("https://example.com/a".to_string(), None))
        );
        assert_eq!(
            clipper_source("[a link](https://example.com/a) and text."),
            None
        );
    }
}
