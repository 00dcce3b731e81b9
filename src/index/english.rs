//! English entries: proper names that recur, never written in lower case, and the
//! speakers; people shown family name first (`Musk, Elon`) and found by their parts.

use std::collections::{BTreeMap, BTreeSet};

use crate::book::Book;

use super::detect::{speaker_labels, Candidate};
use super::matcher::FormKind;

/// Capitalised words that are not names, however they are written.
const ENGLISH_STOP: &[&str] = &[
    "I",
    "I'm",
    "I've",
    "I'd",
    "I'll",
    "OK",
    "Okay",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "God",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "American",
    "Americans",
    "British",
    "Chinese",
    "English",
    "European",
    "Europeans",
    "French",
    "German",
    "Germans",
    "Indian",
    "Indians",
    "Italian",
    "Japanese",
    "Korean",
    "Russian",
    "Russians",
    "Spanish",
    "Western",
    "Eastern",
    "Asian",
    "African",
    "Canadian",
    "Australian",
    "Israeli",
    "Taiwanese",
    "Christian",
    "Christians",
    "Jewish",
    "Muslim",
    "Internet",
    "Podcast",
    "Transcript",
    "Episode",
    "Table",
    "Contents",
    "Yeah",
    "Yes",
    "No",
    "Oh",
    "Um",
    "Uh",
    "Hey",
    "Wow",
    "So",
    "And",
    "But",
    "The",
    "PhD",
    "PhDs",
    "Mm",
    "Mm-hmm",
    "Hmm",
    "Uh-huh",
    "Absolutely",
    "Exactly",
    "Right",
    "Sure",
    "Well",
    "Thanks",
    "Thank",
    "Anyway",
    "Basically",
    "Actually",
    "Obviously",
    "Hi",
    "Hello",
    "Okay",
    "Amen",
    "Lord",
    "Mom",
    "Dad",
];

/// Capitalised nouns that name an institution's kind, not one institution (`the Committee`).
const ENGLISH_KINDS: &[&str] = &[
    "Act",
    "Agency",
    "Army",
    "Association",
    "Award",
    "Bank",
    "Bill",
    "Board",
    "Bureau",
    "Cabinet",
    "Center",
    "Centre",
    "Charter",
    "Church",
    "City",
    "Club",
    "College",
    "Commission",
    "Committee",
    "Company",
    "Conference",
    "Congress",
    "Constitution",
    "Council",
    "Court",
    "Declaration",
    "Department",
    "Empire",
    "Festival",
    "Forum",
    "Foundation",
    "Government",
    "Group",
    "Initiative",
    "Institute",
    "Kingdom",
    "Lab",
    "Labs",
    "Law",
    "Minister",
    "Ministry",
    "Navy",
    "Office",
    "Parliament",
    "Party",
    "Police",
    "President",
    "Prize",
    "Professor",
    "Program",
    "Programme",
    "Project",
    "Republic",
    "School",
    "Senate",
    "Society",
    "State",
    "States",
    "Studio",
    "Summit",
    "Team",
    "Treaty",
    "Union",
    "University",
    "Valley",
];

/// Endings of abstract nouns (`Employment`, `Friendship`): capitalised in a heading or
/// for emphasis, never a name alone.
const ABSTRACT_ENDINGS: &[&str] = &[
    "ment", "tion", "sion", "ness", "ship", "ance", "ence", "ism", "ology",
];

/// A word of English text and whether it opens a sentence.
struct Word<'a> {
    text: &'a str,
    sentence_start: bool,
    /// Only a space separates it from the previous word (names run on).
    joined: bool,
}

fn push_word<'a>(out: &mut Vec<Word<'a>>, s: &'a str, sentence_start: bool, joined: bool) {
    let w = s.trim_end_matches(['\'', '’', '-']);
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    if !w.is_empty() {
        out.push(Word {
            text: w,
            sentence_start,
            joined,
        });
    }
}

fn words(seg: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start_of_sentence = true;
    let mut joined = false;
    let mut begin: Option<usize> = None;
    let mut gap = String::new();
    for (i, c) in seg.char_indices() {
        let in_word =
            c.is_alphanumeric() || ((c == '\'' || c == '’' || c == '-') && begin.is_some());
        match (in_word, begin) {
            (true, None) => {
                begin = Some(i);
                joined = gap == " ";
            }
            (false, Some(b)) => {
                push_word(&mut out, &seg[b..i], start_of_sentence, joined);
                start_of_sentence = false;
                begin = None;
                gap.clear();
                gap.push(c);
                if matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '(' | '[' | '—' | ';') {
                    start_of_sentence = true;
                }
            }
            (false, None) => {
                gap.push(c);
                if matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '(' | '[' | '—' | ';') {
                    start_of_sentence = true;
                }
            }
            (true, Some(_)) => {}
        }
    }
    if let Some(b) = begin {
        push_word(&mut out, &seg[b..], start_of_sentence, joined);
    }
    out
}

fn capitalised(w: &str) -> bool {
    let mut cs = w.chars();
    // A plural abbreviation (`GPUs`, `LLMs`) is a common noun.
    let plural_abbreviation = w.strip_suffix('s').is_some_and(|r| {
        r.len() >= 2
            && r.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    });
    !plural_abbreviation
        && cs.next().is_some_and(|c| c.is_ascii_uppercase())
        && w.chars().any(|c| c.is_ascii_lowercase())
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
}

/// Whether a name looks like a person's (`Elon Musk`), to be shown `Musk, Elon` and
/// found by its parts alone: two or three plain capitalised words, none ever written in
/// lower case, not a place (`San Diego`).
fn looks_personal(tokens: &[&str], proper: &dyn Fn(&str) -> bool) -> bool {
    const PLACE: &[&str] = &[
        "San", "Santa", "Los", "Las", "New", "Saint", "St", "Fort", "Port", "Mount", "Lake",
        "North", "South",
    ];
    (2..=3).contains(&tokens.len())
        && !PLACE.contains(&tokens[0])
        && tokens.iter().enumerate().all(|(i, t)| {
            let mut cs = t.chars();
            // A family name may have a capital inside (`LeCun`, `McCarthy`).
            let last = i + 1 == tokens.len();
            proper(t)
                && cs.next().is_some_and(|c| c.is_ascii_uppercase())
                && cs.all(|c| {
                    c.is_ascii_lowercase()
                        || c == '\''
                        || c == '-'
                        || last && c.is_ascii_uppercase()
                })
        })
}

/// English entries: proper names that recur, and the speakers.
pub(super) fn english(book: &Book, segments: &[String]) -> Vec<Candidate> {
    // Counts: mid-sentence capitalised, lower case anywhere, and runs of names.
    let mut mid: BTreeMap<&str, usize> = BTreeMap::new();
    let mut lower: BTreeSet<String> = BTreeSet::new();
    let mut runs: BTreeMap<Vec<&str>, usize> = BTreeMap::new();
    let all_words: Vec<Vec<Word<'_>>> = segments.iter().map(|s| words(s)).collect();
    for ws in &all_words {
        for w in ws {
            if w.text.chars().next().is_some_and(|c| c.is_lowercase()) {
                lower.insert(w.text.to_string());
            } else if capitalised(w.text) && w.joined {
                *mid.entry(w.text).or_default() += 1;
            }
        }
    }
    let stop: BTreeSet<&str> = ENGLISH_STOP.iter().copied().collect();
    let proper = |w: &str| {
        capitalised(w)
            && !stop.contains(w.replace('’', "'").as_str())
            && !lower.contains(&w.to_lowercase())
    };
    // Runs of proper words (`Elon Musk`, `Google DeepMind`), two to four words.
    let mut alone: BTreeMap<&str, usize> = BTreeMap::new();
    for ws in &all_words {
        let mut i = 0;
        // Words before `floor` are in a run already counted: walking back past it went in
        // circles on a long run of capitals (a heading in capitals never ended).
        let mut floor = 0;
        while i < ws.len() {
            // A sentence opens with a capital: such a word starts a name only if it is
            // also capitalised elsewhere.
            let opener = ws[i].sentence_start && !mid.contains_key(ws[i].text);
            if opener || !proper(ws[i].text) {
                i += 1;
                continue;
            }
            // Capitalised words around it make one name (`New York`, `United States`), of
            // four words at most, so at most three before it.
            let first = i;
            while i > floor
                && first - i < 3
                && ws[i].joined
                && !ws[i - 1].sentence_start
                && capitalised(ws[i - 1].text)
                && !stop.contains(ws[i - 1].text)
            {
                i -= 1;
            }
            let mut j = i + 1;
            while j < ws.len()
                && j - i < 4
                && ws[j].joined
                && capitalised(ws[j].text)
                && !stop.contains(ws[j].text)
            {
                j += 1;
            }
            if j - i >= 2 {
                *runs
                    .entry(ws[i..j].iter().map(|w| w.text).collect())
                    .or_default() += 1;
            } else {
                *alone.entry(ws[i].text).or_default() += 1;
            }
            i = j;
            floor = j;
        }
    }
    let speakers = speaker_labels(book);
    let mut names: Vec<Vec<&str>> = runs
        .iter()
        .filter(|(_, &n)| n >= 2)
        .map(|(k, _)| k.clone())
        .collect();
    for s in &speakers {
        let tokens: Vec<&str> = s.split_whitespace().collect();
        if tokens.iter().all(|t| capitalised(t)) && !names.contains(&tokens) {
            names.push(tokens);
        }
    }
    // How many names use each word: a short form must belong to one name only.
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &names {
        for t in n.iter().collect::<BTreeSet<_>>() {
            *uses.entry(t).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    for n in &names {
        let full = n.join(" ");
        let mut forms = vec![(full.clone(), FormKind::Full)];
        let (first, last) = (n[0], n[n.len() - 1]);
        // People are called by one of their names alone somewhere (`Musk said`); a
        // `Drake Equation` or `Roman Empire` never is.
        let called_alone = alone.contains_key(first) || alone.contains_key(last);
        let personal = looks_personal(n, &proper) && called_alone || speakers.contains(&full);
        if personal && uses.get(last) == Some(&1) && proper(last) {
            forms.push((last.to_string(), FormKind::Last));
            taken.insert(last);
        }
        if personal && uses.get(first) == Some(&1) && proper(first) {
            forms.push((first.to_string(), FormKind::First));
            taken.insert(first);
        }
        let (heading, sort_as) = if personal {
            let rest = n[..n.len() - 1].join(" ");
            (format!("{last}, {rest}"), format!("{last} {rest}"))
        } else {
            (full.clone(), full.clone())
        };
        out.push(Candidate {
            heading,
            sort_as,
            forms,
        });
    }
    // Single names that recur on their own mid-sentence and are no one's short form.
    for (w, &n) in &alone {
        let abstract_noun = ABSTRACT_ENDINGS.iter().any(|e| w.ends_with(e));
        if n >= 3
            && mid.get(w).copied().unwrap_or(0) >= 2
            && proper(w)
            && !taken.contains(w)
            && !abstract_noun
            && !ENGLISH_KINDS.contains(w)
        {
            out.push(Candidate {
                heading: w.to_string(),
                sort_as: w.to_string(),
                forms: vec![(w.to_string(), FormKind::Full)],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_split_with_sentence_starts() {
        let ws = words("Yes. Elon Musk's plan, said Musk.");
        let v: Vec<(&str, bool, bool)> = ws
            .iter()
            .map(|w| (w.text, w.sentence_start, w.joined))
            .collect();
        assert_eq!(
            v,
            [
                ("Yes", true, false),
                ("Elon", true, false),
                ("Musk", false, true),
                ("plan", false, true),
                ("said", false, false),
                ("Musk", false, true)
            ]
        );
    }

    #[test]
    fn a_long_run_of_capitals_ends_and_gives_four_word_names() {
        // Walking back into a run already counted went in circles here.
        let seg = "We read it in The Quick Brown Fox Jumps Over The Lazy Dog Again, then \
                   in The Quick Brown Fox Jumps Over The Lazy Dog Again once more."
            .to_string();
        let found = english(&Book::default(), &[seg]);
        assert!(found.iter().all(|c| c.heading.split(' ').count() <= 4));
    }
}
