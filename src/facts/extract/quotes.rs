//! Quotes and who said them: the speaker after the quotation ("…,” said
//! Smith) or before it in the same sentence (Smith told reporters: “…"),
//! "he"/"she" resolved to the last person named in the paragraph.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::names::{People, ROLE_AFTER, has_org_word, is_place, is_role_phrase, split_role};
use super::sentences::Pieces;
use super::words::{KNOWN_ORGS, NOT_NAMES};
use super::{FactKind, Sink, regex};

const SPEECH_VERBS: &str = r"said|says|added|noted|stated|told|wrote|warned|asked|explained";

static SPEAKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^\s*,?\s*(?:(?:{SPEECH_VERBS}|according to)\s+(?P<who1>(?:[A-Z][\p{{L}}’'.-]*\s?)+)|(?P<who2>(?:[A-Z][\p{{L}}’'.-]*\s?)+|[Hh]e|[Ss]he)\s(?:{SPEECH_VERBS}))"
    ))
});

/// "Lagarde told reporters: “…" and "Schumer said the bill was “…": the
/// speaker named before the quotation, in the same sentence.
static SPEAKER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?P<who>(?:[A-Z][\p{{L}}’'.-]*\s)+|[Hh]e\s|[Ss]he\s)(?:{SPEECH_VERBS})(?-u:\b)[^“”\x22]*$"
    ))
});

/// A quotation found in a paragraph: where its words are.
fn quotations(text: &str) -> Vec<(usize, Range<usize>, usize)> {
    // (opening mark, the quoted words, just after the closing mark)
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find(['“', '"']).map(|i| at + i) {
        let open_char = text[open..].chars().next().unwrap_or('"');
        let close_char = if open_char == '“' { '”' } else { '"' };
        let body_start = open + open_char.len_utf8();
        let Some(close) = text[body_start..].find(close_char).map(|i| body_start + i) else {
            break;
        };
        let after = close + close_char.len_utf8();
        at = after;
        // "…infrastructure,” said X": the comma is the sentence's, not theirs.
        let inner_end = body_start + text[body_start..close].trim_end_matches([',', ' ']).len();
        out.push((open, body_start..inner_end, after));
    }
    out
}

pub(super) fn find(text: &str, pieces: &Pieces, people: &mut People, sink: &mut Sink<'_>) {
    let mut paragraph_speaker: Option<String> = None;
    for (open, words, after) in quotations(text) {
        let quoted = &text[words.clone()];
        let word_count = quoted.split_whitespace().count();
        if word_count == 0 {
            continue;
        }
        // The speaker before is looked for in the sentence, or in the
        // bounded piece of an over-long one.
        let sentence_start = pieces.start_of(open).unwrap_or(0);
        let speaker = speaker_after(text, after, open, people)
            .or_else(|| speaker_before(text, sentence_start, open, people));
        // An attributed quotation may be short; an unattributed one is taken
        // only as the continuation of a speaker's words in this paragraph,
        // and only when it reads as a statement (scare quotes do not).
        let speaker = match speaker {
            Some(who) => Some(who),
            None if word_count >= 4 => paragraph_speaker.clone(),
            None => None,
        };
        if let Some(who) = speaker {
            paragraph_speaker = Some(who.clone());
            sink(FactKind::Quote, words, None, who);
        }
    }
}

/// The person named by `he`/`she`: the last one mentioned before `at` in this
/// paragraph.
fn pronoun(people: &People, at: usize) -> Option<String> {
    // Mentions are kept in order of position.
    let before = people.mentions.partition_point(|(pos, _)| *pos < at);
    let (_, name) = people.mentions.get(before.checked_sub(1)?)?;
    Some(name.clone())
}

fn speaker_after(text: &str, after: usize, open: usize, people: &mut People) -> Option<String> {
    let tail = &text[after..];
    let caps = SPEAKER_AFTER.captures(tail)?;
    let who_match = caps.name("who1").or_else(|| caps.name("who2"))?;
    let who = who_match.as_str().trim();
    // Where the name ends (the match may have taken a space).
    let who_end = who_match.start() + who_match.as_str().trim_end().len();
    let (role_prefix, name) = split_role(who);
    let name = name.trim_end_matches(['.', ',']);
    if matches!(name, "he" | "she" | "He" | "She") {
        return pronoun(people, open);
    }
    if name.is_empty() || is_place(name) || NOT_NAMES.contains(name) {
        return None;
    }
    let role = ROLE_AFTER
        .captures(&tail[who_end.min(tail.len())..])
        .and_then(|c| c.name("role").map(|r| r.as_str().to_owned()))
        .filter(|r| is_role_phrase(r))
        .or(role_prefix.map(str::to_owned));
    Some(people.add(name, role.as_deref(), after + who_match.start()))
}

fn speaker_before(
    text: &str,
    sentence_start: usize,
    open: usize,
    people: &mut People,
) -> Option<String> {
    let before = &text[sentence_start..open];
    let caps = SPEAKER_BEFORE.captures(before)?;
    let who = caps.name("who")?.as_str().trim();
    let (role_prefix, name) = split_role(who);
    let name = name.trim_end_matches(['.', ',']);
    if matches!(name, "he" | "she" | "He" | "She") {
        return pronoun(people, open);
    }
    let name = name
        .split_whitespace()
        .filter(|w| !NOT_NAMES.contains(w))
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() || is_place(&name) || is_org_like(&name) {
        return None;
    }
    Some(people.add(&name, role_prefix, sentence_start))
}

fn is_org_like(name: &str) -> bool {
    has_org_word(name) || KNOWN_ORGS.contains(name)
}
