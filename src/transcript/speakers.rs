//! Which label-shaped names are speakers, decided over the whole transcript: a name is a
//! speaker when its labels repeat, when they are marked (bold, a timestamp), or when it is
//! written the way the transcript's other speakers are.

use std::collections::{BTreeMap, HashSet};

use super::label_words::is_role_word;
use super::labels::{
    find_label_shape, is_generic_answer_label, is_interviewer_label, is_placeholder_label,
    name_line, LabelMatch, Shape,
};

/// The transcript's speakers and the label forms that introduce them.
#[derive(Debug, Clone, Default)]
pub struct Speakers {
    /// The speakers' names as their labels write them.
    pub names: HashSet<String>,
    /// A name alone on its line opens a turn (`INTERVIEWER` above the paragraph).
    pub name_lines: bool,
    /// The names were configured (`[transcript] speakers`), not detected.
    pub configured: bool,
    /// Label-shaped names not taken as speakers, most frequent first, with their counts.
    pub rejected: Vec<(String, usize)>,
    /// The speakers' labels are marked (bold, headings, times) nearly everywhere: a plain
    /// `Name：` line right under a label alone is the first words of that turn.
    pub marked_form: bool,
}

impl Speakers {
    /// The speaker label that opens line `i`, if any.
    pub fn label_at(&self, lines: &[&str], i: usize) -> Option<LabelMatch> {
        let line = *lines.get(i)?;
        if let Some(m) = find_label_shape(line, lines.get(i + 1).copied()) {
            if self.names.contains(&m.name) && !self.opens_a_turn(lines, i, &m) {
                return Some(m);
            }
        }
        if let Some(name) = heading_name(line).filter(|n| self.names.contains(*n)) {
            // `### 唐鳳` with its colon left out, where `### 唐鳳：` labels the turns.
            return Some(LabelMatch {
                name: name.to_string(),
                rest: String::new(),
                marked: true,
                colon_on_next_line: false,
                rest_was_bold: false,
                had_timestamp: false,
                description: None,
                shape: Shape::Heading,
                plausible: true,
            });
        }
        if !self.name_lines {
            return None;
        }
        let name = strip_bold(line);
        (self.names.contains(name) && paragraph_follows(lines, i)).then(|| LabelMatch {
            name: name.to_string(),
            rest: String::new(),
            marked: true,
            colon_on_next_line: false,
            rest_was_bold: false,
            had_timestamp: false,
            description: None,
            shape: Shape::NameLine,
            plausible: true,
        })
    }
}

impl Speakers {
    /// Whether plain label `m` on line `i` stands right under a marked label alone
    /// (`### 甲：` then `乙：`), in a transcript whose labels are marked: it is what that
    /// turn says, and taking it as a label would leave the turn above empty.
    fn opens_a_turn(&self, lines: &[&str], i: usize, m: &LabelMatch) -> bool {
        self.marked_form
            && m.shape == Shape::Plain
            && i > 0
            && find_label_shape(lines[i - 1], Some(lines[i])).is_some_and(|above| {
                above.marked && above.rest.is_empty() && self.names.contains(&above.name)
            })
    }
}

/// The text of a level-2 to level-6 heading (`### 唐鳳` → `唐鳳`).
fn heading_name(line: &str) -> Option<&str> {
    let t = line.trim();
    let hashes = t.chars().take_while(|&c| c == '#').count();
    let rest = t[hashes..].strip_prefix(' ')?;
    (2..=6).contains(&hashes).then(|| rest.trim())
}

fn strip_bold(line: &str) -> &str {
    let t = line.trim();
    t.strip_prefix("**")
        .and_then(|x| x.strip_suffix("**"))
        .unwrap_or(t)
        .trim()
}

/// Whether a paragraph follows line `i`, on the next line or after one blank line.
fn paragraph_follows(lines: &[&str], i: usize) -> bool {
    let blank = |j: usize| lines.get(j).is_none_or(|l| l.trim().is_empty());
    let at = if blank(i + 1) { i + 2 } else { i + 1 };
    !blank(at) && name_line(lines[at]).is_none()
}

/// What the transcript says about one name.
#[derive(Debug, Default)]
struct Stat {
    total: usize,
    marked: usize,
    per_shape: BTreeMap<Shape, usize>,
    /// 0-based lines of the first and the last label.
    first: usize,
    last: usize,
    /// The only label is a credit line (`记者：钱童&nbsp;&nbsp;编辑：于近`).
    credit: bool,
    /// Labels that are a heading holding only the name and its colon (`### 唐鳳：`).
    heading_alone: usize,
    /// Plain labels standing as the first line of another label's turn (`### 唐鳳：` then
    /// `sli.do：「…」`): words the speaker quotes.
    opens_turn: usize,
}

/// Decides which names are speakers: the configured ones, else the names whose labels
/// are marked (bold, heading, timestamp) and repeat, or repeat three times, or are generic
/// (`问`, `Q`, `主持人`); then, where speakers share a form, the names seen twice in that
/// form, or once among the turns in a marked form (bold, a name and its time); and names
/// alone on their line when two or more of them take turns.
pub fn find_speakers(lines: &[&str], configured: &[String]) -> Speakers {
    if !configured.is_empty() {
        return Speakers {
            names: configured.iter().map(|s| s.trim().to_string()).collect(),
            name_lines: true,
            configured: true,
            rejected: Vec::new(),
            marked_form: false,
        };
    }
    let mut stats: BTreeMap<String, Stat> = BTreeMap::new();
    let mut lone: Vec<&str> = Vec::new();
    // The line above was a marked label alone on its line (`### 唐鳳：`): this line opens
    // that speaker's turn.
    let mut after_label_alone = false;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let found = find_label_shape(line, lines.get(i + 1).copied());
        let opens_turn = std::mem::replace(
            &mut after_label_alone,
            found
                .as_ref()
                .is_some_and(|m| m.plausible && m.marked && m.rest.is_empty()),
        );
        match found {
            Some(m) if m.plausible => {
                let s = stats.entry(m.name.clone()).or_insert_with(|| Stat {
                    first: i,
                    ..Stat::default()
                });
                s.total += 1;
                s.last = i;
                s.marked += usize::from(m.marked);
                *s.per_shape.entry(m.shape).or_default() += 1;
                s.heading_alone += usize::from(m.shape == Shape::Heading && m.rest.is_empty());
                s.opens_turn += usize::from(opens_turn && m.shape == Shape::Plain);
                s.credit = s.total == 1 && is_credit(&m);
            }
            Some(_) => {}
            None => {
                let after_blank = i == 0 || lines[i - 1].trim().is_empty();
                if let Some(name) = name_line(line).filter(|_| after_blank) {
                    if paragraph_follows(lines, i) && !super::web::is_account_card(lines, i) {
                        lone.push(name);
                    }
                }
            }
        }
    }
    // `问`, `主持人`, `Speaker 1`: only ever a speaker's label, seen once or often.
    let generic =
        |n: &str| is_interviewer_label(n) || is_generic_answer_label(n) || is_placeholder_label(n);
    let mut names: HashSet<String> = stats
        .iter()
        .filter(|(n, s)| s.marked >= 1 && s.total >= 2 || s.total >= 3 || generic(n) && !s.credit)
        .map(|(n, _)| n.clone())
        .collect();
    // Consistency of form: where the speakers' labels are marked (bold, headings, times)
    // nearly everywhere, a name only ever written plain (`sli.do：`, `也就是說：`) is
    // speech that opens with a colon; so is one that always opens someone else's turn.
    let marked_sure: usize = stats
        .iter()
        .filter(|(n, _)| names.contains(*n))
        .map(|(_, s)| s.marked)
        .sum();
    let all: usize = stats.values().map(|s| s.total).sum();
    let marked_names = stats
        .iter()
        .filter(|(n, s)| names.contains(*n) && s.marked * 2 > s.total)
        .count();
    let marked_form = marked_names >= 2 && marked_sure * 100 >= all * 85;
    names.retain(|n| {
        let Some(s) = stats.get(n) else { return true };
        let plain_only = s.per_shape.keys().all(|k| *k == Shape::Plain);
        !(plain_only && (marked_form || s.opens_turn == s.total))
    });
    // The span of the sure speakers' labels: what stands before it is front matter, what
    // stands after it end matter.
    let turns = stats.iter().filter(|(n, _)| names.contains(*n));
    let first_turn = turns.clone().map(|(_, s)| s.first).min();
    let last_turn = turns.map(|(_, s)| s.last).max();
    // Speakers written alike vouch for a name written the same way. Seen twice: a
    // roundtable guest, and guests seen twice vouch for each other beside one sure
    // speaker. Seen once among the turns, in a marked form: the audience member of Rev's
    // `Audience Member (02:40):`, a guest in bold who speaks once. A time before a label
    // is also how show notes list topics (`25:08 话题：…`), so that form is not marked.
    let among_turns = |s: &Stat| {
        first_turn.is_some_and(|f| f < s.first) && last_turn.is_some_and(|l| s.first < l)
    };
    // Per form: how many sure speakers use it, and how many other names use it twice.
    let mut sure: BTreeMap<Shape, usize> = BTreeMap::new();
    let mut alike: BTreeMap<Shape, usize> = BTreeMap::new();
    for (name, s) in &stats {
        for (shape, &count) in &s.per_shape {
            // A Q/A transcript has its two voices: `Step one:` twice in the answers is no
            // third one. A host (`主持人`) with guests is a panel, and vouches.
            if names.contains(name) && !is_question_or_answer(name) {
                *sure.entry(*shape).or_default() += 1;
            } else if !s.credit && count >= 2 {
                *alike.entry(*shape).or_default() += 1;
            }
        }
    }
    // A transcript with one voice, labelled once by a heading holding only the name
    // (`### 唐鳳：` over a column): that name speaks it.
    let alone: Vec<&String> = stats
        .iter()
        .filter(|(_, s)| s.heading_alone > 0)
        .map(|(n, _)| n)
        .collect();
    if names.is_empty() {
        if let [only] = alone[..] {
            if super::labels::find_label(&format!("{only}："), None).is_some() {
                names.insert(only.clone());
            }
        }
    }
    // One generic label once in a whole text (`问：` quoting a question in a speech) makes
    // no dialogue.
    if names.len() == 1
        && names.iter().all(|n| {
            generic(n)
                && stats
                    .get(n)
                    .is_some_and(|s| s.total == 1 && s.heading_alone == 0)
        })
    {
        names.clear();
    }
    // Sure speakers labelled by a heading that holds only their name.
    let heading_sure = stats
        .iter()
        .filter(|(n, s)| names.contains(*n) && s.heading_alone > 0)
        .count();
    let mut more = Vec::new();
    for (name, s) in stats.iter().filter(|(n, _)| !names.contains(*n)) {
        let vouched = s.per_shape.iter().any(|(shape, &count)| {
            let sure = sure.get(shape).copied().unwrap_or(0);
            // The others written alike, this name not counted.
            let alike = alike.get(shape).copied().unwrap_or(0).saturating_sub(1);
            let marked = matches!(shape, Shape::Bold | Shape::TimeAfter);
            // `### Name：` alone on its line is a label form and nothing else: once is
            // enough when the sure speakers are written so, wherever it stands.
            let heading_alone = *shape == Shape::Heading && s.heading_alone == count;
            count >= 2 && sure >= 1 && sure + alike >= 2
                || count == 1 && marked && sure >= 2 && among_turns(s)
                || heading_alone && heading_sure >= 1
        });
        // A credit among the turns is a label after all (`记者：…` asking `编辑：…`).
        let credit_among_turns = s.credit && among_turns(s);
        if vouched && !s.credit && (looks_like_a_name(name) || s.heading_alone == s.total)
            || credit_among_turns && generic(name)
        {
            more.push(name.clone());
        }
    }
    names.extend(more);
    let mut lone_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &lone {
        *lone_counts.entry(n).or_default() += 1;
    }
    let name_lines = names.len() < 2 && takes_turns(&lone, &lone_counts);
    if name_lines {
        names.extend(
            lone_counts
                .iter()
                .filter(|(_, &c)| c >= 2)
                .map(|(n, _)| n.to_string()),
        );
    }
    let mut rejected: Vec<(String, usize)> = stats
        .iter()
        .filter(|(n, _)| !names.contains(*n))
        .map(|(n, s)| (n.clone(), s.total))
        .chain(
            lone_counts
                .iter()
                .filter(|(n, _)| !names.contains(**n) && !stats.contains_key(**n))
                .map(|(n, &c)| (n.to_string(), c)),
        )
        .collect();
    rejected.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Speakers {
        names,
        name_lines,
        configured: false,
        rejected,
        marked_form,
    }
}

/// `问`, `答`, `Q`, `A`: the labels of a question-and-answer transcript.
fn is_question_or_answer(name: &str) -> bool {
    (is_interviewer_label(name) || is_generic_answer_label(name)) && !is_role_word(name)
}

/// Latin names capitalise every word (`Maya Patel`, `OSEI`), the start of a sentence does
/// not (`Step one`); a CJK name has nothing to tell.
fn looks_like_a_name(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_none_or(|c| !c.is_lowercase() && (c.is_alphabetic() || c.is_ascii_digit()))
    })
}

/// Whether names alone on their lines are speakers taking turns: two or more of them, each
/// seen at least twice, and the name changes at least every other time (a repeated
/// `Advertisement` or a pair of sub-headings does not alternate like a dialogue).
fn takes_turns(lone: &[&str], counts: &BTreeMap<&str, usize>) -> bool {
    let seq: Vec<&str> = lone
        .iter()
        .copied()
        .filter(|n| counts.get(n).is_some_and(|&c| c >= 2))
        .collect();
    let distinct = counts.values().filter(|&&c| c >= 2).count();
    let changes = seq.windows(2).filter(|w| w[0] != w[1]).count();
    distinct >= 2 && seq.len() >= 4 && changes * 2 >= seq.len()
}

/// A generic label whose text holds another label (`记者：钱童&nbsp;&nbsp;编辑：于近`,
/// `主持人：王烁 | 摄影：李四`): a byline, not a turn.
fn is_credit(m: &LabelMatch) -> bool {
    if !(is_role_word(&m.name) || is_interviewer_label(&m.name)) {
        return false;
    }
    let rest: Vec<char> = m.rest.chars().collect();
    rest.iter().enumerate().any(|(i, &c)| {
        let time = i > 0
            && rest[i - 1].is_ascii_digit()
            && rest.get(i + 1).is_some_and(char::is_ascii_digit);
        (c == '：' || c == ':' && !time) && i <= 40
    }) && m.rest.chars().count() <= 60
}
