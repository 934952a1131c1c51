//! Figures: money (`$2.9 billion`, `29億ドル`), counts (`3 million people`),
//! percentages and changes (`doubled`), each with a normal form.

use std::sync::LazyLock;

use regex::Regex;

use super::labels::{
    clause_words, count_label, money_label, noun_after, noun_of, percent_label, tail,
};
use super::words::{IRREGULAR_PLURALS, NOT_COUNTED, NOT_NAMES};
use super::{FactKind, Sink, Taken, add_once, regex};

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
];

fn multiplier(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "万" => 1e4,
        "lakh" | "lakhs" => 1e5,
        "million" | "m" | "mn" | "mln" => 1e6,
        "crore" | "crores" | "cr" => 1e7,
        "億" => 1e8,
        "billion" | "bn" | "b" | "bln" => 1e9,
        "trillion" | "tn" | "trln" | "兆" | "lakh crore" | "lakh crores" => 1e12,
        _ => return None,
    })
}

/// The multiplier in the first of `groups` that matched ("billion", "億"),
/// or one.
fn multiplier_of(caps: &regex::Captures<'_>, groups: &[&str]) -> f64 {
    groups
        .iter()
        .find_map(|g| caps.name(g))
        .and_then(|m| multiplier(m.as_str()))
        .unwrap_or(1.0)
}

pub(super) fn number_value(s: &str) -> Option<f64> {
    let s = s.trim().to_ascii_lowercase();
    if let Ok(v) = s.replace(',', "").parse::<f64>() {
        return Some(v);
    }
    // "twenty-five", "a dozen"
    let mut total = 0.0;
    for part in s.split(['-', ' ']).filter(|p| !p.is_empty()) {
        let (_, v) = NUMBER_WORDS.iter().find(|(w, _)| *w == part)?;
        // "hundred" and "dozen" multiply what came before ("a dozen").
        if matches!(part, "hundred" | "dozen") {
            total = if total > 0.0 { total * v } else { *v };
        } else {
            total += v;
        }
    }
    (total > 0.0).then_some(total)
}

/// The ISO code of a currency as written: a symbol (`A$`, `Rs`, `€`) or a
/// word (`euros`, `Australian dollars`). A bare `$`, `dollars` or `cents`
/// is the article's own dollar, `dollar`.
fn currency(written: &str, dollar: &'static str) -> &'static str {
    let lower = written.trim().trim_end_matches('.').to_ascii_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match lower.as_str() {
        "€" | "euro" | "euros" | "ユーロ" => "EUR",
        "£" | "pound" | "pounds" | "p" => "GBP",
        "¥" | "yen" | "円" => "JPY",
        "₹" | "rs" | "inr" | "rupee" | "rupees" | "crore rupees" => "INR",
        "₩" | "won" => "KRW",
        "yuan" | "rmb" => "CNY",
        "r" | "rand" => "ZAR",
        "a$" | "au$" | "aud" | "australian dollars" => "AUD",
        "c$" | "ca$" | "canadian dollars" => "CAD",
        "nz$" | "new zealand dollars" => "NZD",
        "hk$" | "hong kong dollars" => "HKD",
        "s$" | "sg$" | "singapore dollars" => "SGD",
        "us$" | "u.s. dollars" | "us dollars" | "u.s dollars" => "USD",
        _ => dollar,
    }
}

pub(super) fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e18 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

pub(super) const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
pub(super) const WORD_NUM: &str = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|a hundred|a thousand";

/// A currency symbol: the prefixed dollars first, so `NZ$` is not `$`;
/// `Rs`, `INR` and the rand's `R` are case-sensitive and start a word.
const CURRENCY_SYMBOL: &str = r"(?-i:US\$|AU\$|A\$|CA\$|C\$|NZ\$|HK\$|SG\$|S\$|(?-u:\b)Rs\.?|(?-u:\b)INR|(?-u:\b)R|\$|€|£|¥|₹|₩)";

/// A scale word after an amount, spelled out or in a house style's short
/// form ("bln", "crore", "lakh crore"); may be glued to it ("1.3million").
const SCALE: &str = r"trillion|billion|million|thousand|lakh crores?|lakhs?|crores?|trln|bln|mln";

static MONEY_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    let cur = CURRENCY_SYMBOL;
    regex(&format!(
        r"(?i)(?P<cur>{cur})\s?(?P<num>{NUM})(?:\s?(?P<mult>{SCALE})(?-u:\b)|(?P<short>bn|tn|mn|m|k|cr)(?-u:\b))?(?:\s?(?:-|–|to)\s?(?:{cur})?\s?(?P<num2>{NUM})(?:\s?(?P<mult2>{SCALE})(?-u:\b)|(?P<short2>bn|tn|mn|m|k|cr)(?-u:\b))?)?"
    ))
});

static MONEY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?P<num>{NUM})\s?(?:(?P<mult>{SCALE})\s)?(?P<cur>(?:(?:U\.S\.?|US|Australian|Canadian|New Zealand|Hong Kong|Singapore)\s)?(?:dollars|dlrs)|euros|pounds|yen|yuan|rupees|rand|cents)(?-u:\b)"
    ))
});

/// Pence as British copy writes them: `8p`, `45.5p`. Not a video
/// resolution (`1080p`).
static PENCE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?P<num>\d{1,3}(?:\.\d+)?)p(?-u:\b)"));

/// A number in Japanese or Chinese figures, scale characters combined:
/// `1兆5000億` is 1.5 trillion.
const CJK_NUM: &str = r"(?:(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:兆|億|万))+(?:\d{1,3}(?:,\d{3})+|\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

static MONEY_CJK: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?P<num>{CJK_NUM})(?P<cur>ドル|円|ユーロ)")));

static COUNT_CJK: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?P<num>{CJK_NUM})(?P<unit>人|社|台|件|個)")));

/// The value of a number written with CJK scale characters: each part
/// before a scale character is multiplied by it, and the parts are added.
fn cjk_value(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut digits = String::new();
    for c in s.chars() {
        match multiplier(c.encode_utf8(&mut [0; 4])) {
            Some(scale) if !c.is_ascii() => {
                total += number_value(&digits)? * scale;
                digits.clear();
            }
            _ => digits.push(c),
        }
    }
    if !digits.is_empty() {
        total += number_value(&digits)?;
    }
    Some(total)
}

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:(?P<lo>\d+(?:[.,]\d+)?)\s?(?:-|–|to)\s?)?(?P<num>\d+,\d{{1,2}}|{NUM})\s?(?P<unit>%|percent(?-u:\b)|per cent(?-u:\b)|percentage points?(?-u:\b))"
    ))
});

static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?-u:\b)(?P<verb>doubles|doubled|doubling|triples|tripled|halves|halved)(?-u:\b)")
});

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?P<num>{NUM}|{WORD_NUM})(?:\s(?P<mult>million|billion|thousand|trillion|lakh|crore)|(?P<short>m|k|bn))?\s(?:new\s)?(?P<noun>[a-z][a-z-]+)"
    ))
});

static OF_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)[a-z]+\sof\s(?:about\s|around\s|nearly\s|some\s|more than\s)?(?P<num>\d{1,3}(?:,\d{3})+|\d{2,})(?:[.,;](?:\s|$)|$)",
    )
});

fn money(text: &str, dollar: &'static str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in MONEY_SYMBOL.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = number_value(&caps["num"]).unwrap_or(0.0);
        let mult_of = |a: &str, b: &str| {
            caps.name(a)
                .or_else(|| caps.name(b))
                .and_then(|m| multiplier(m.as_str()))
        };
        // "$72 billion to $74 billion", "$1-2 billion": one multiplier may
        // serve both ends.
        let (mult_lo, mult_hi) = (mult_of("mult", "short"), mult_of("mult2", "short2"));
        // The rand's bare `R` only with a scale or thousands ("R3.5
        // billion", "R12,500"): "R2" alone is too often a name.
        if &caps["cur"] == "R" && mult_lo.is_none() && !caps["num"].contains(',') {
            continue;
        }
        let mult = mult_lo.or(mult_hi).unwrap_or(1.0);
        let mult_hi = mult_hi.or(mult_lo).unwrap_or(1.0);
        let cur = currency(&caps["cur"], dollar);
        let normalized = match caps.name("num2").and_then(|n| number_value(n.as_str())) {
            Some(hi) => format!("{}-{} {cur}", plain(num * mult), plain(hi * mult_hi)),
            None => format!("{} {cur}", plain(num * mult)),
        };
        let label = money_label(text, whole.range(), taken);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            label,
            taken,
        );
    }
    for caps in MONEY_WORD.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = number_value(&caps["num"]).unwrap_or(0.0);
        let mult = multiplier_of(&caps, &["mult"]);
        // "40 cents a share" is money too, in the article's dollar.
        let (num, cur) = if caps["cur"].eq_ignore_ascii_case("cents") {
            (num / 100.0, dollar)
        } else {
            (
                num,
                currency(&caps["cur"].replace("dlrs", "dollars"), dollar),
            )
        };
        let normalized = format!("{} {cur}", plain(num * mult));
        let label = money_label(text, whole.range(), taken);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            label,
            taken,
        );
    }
    for caps in PENCE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num_text = &caps["num"];
        if matches!(num_text, "144" | "240" | "360" | "480" | "576" | "720") {
            continue;
        }
        let num = number_value(num_text).unwrap_or(0.0);
        let normalized = format!("{} GBP", plain(num / 100.0));
        let label = money_label(text, whole.range(), taken);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            label,
            taken,
        );
    }
    for caps in MONEY_CJK.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = cjk_value(&caps["num"]).unwrap_or(0.0);
        let normalized = format!("{} {}", plain(num), currency(&caps["cur"], "USD"));
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            String::new(),
            taken,
        );
    }
    for caps in COUNT_CJK.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = cjk_value(&caps["num"]).unwrap_or(0.0);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(plain(num)),
            caps["unit"].to_owned(),
            taken,
        );
    }
}

/// Every figure in `text`; a bare `$` is `dollar` (see [`article_dollar`]).
pub(super) fn find(text: &str, dollar: &'static str, taken: &mut Taken, sink: &mut Sink<'_>) {
    money(text, dollar, taken, sink);
    for caps in PERCENT.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // "2,5%" is two and a half per cent: a comma before one or two
        // digits is a decimal comma.
        let decimal = |s: &str| {
            let is_decimal_comma = s.split_once(',').is_some_and(|(_, f)| f.len() <= 2);
            if is_decimal_comma {
                number_value(&s.replace(',', "."))
            } else {
                number_value(s)
            }
        };
        let num = decimal(&caps["num"]).unwrap_or(0.0);
        let points = caps["unit"].to_ascii_lowercase().starts_with("percentage");
        let value = |n: f64| {
            if points {
                format!("{} pp", plain(n))
            } else {
                plain(n / 100.0)
            }
        };
        let normalized = match caps.name("lo").and_then(|lo| decimal(lo.as_str())) {
            Some(lo) => format!("{}-{}", value(lo), value(num)),
            None => value(num),
        };
        let label = percent_label(text, whole.range(), taken);
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(normalized),
            label,
            taken,
        );
    }
    for caps in CHANGE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let factor = match caps["verb"].to_ascii_lowercase().chars().next() {
            Some('d') => "×2",
            Some('t') => "×3",
            _ => "×0.5",
        };
        let label = noun_after(text, whole.end());
        add_once(
            sink,
            FactKind::Figure,
            whole.range(),
            Some(factor.to_owned()),
            label,
            taken,
        );
    }
    super::measures::find(text, taken, sink);
    counts(text, taken, sink);
}

/// Numbers with what they count: "3 million people", "10,000 GPUs".
fn counts(text: &str, taken: &mut Taken, sink: &mut Sink<'_>) {
    for caps in COUNT.captures_iter(text) {
        let noun = caps.name("noun").expect("group");
        let noun_lc = noun.as_str().to_ascii_lowercase();
        let num_text = &caps["num"];
        let is_word = !num_text.starts_with(|c: char| c.is_ascii_digit());
        // A bare year-like number is a date, not a count.
        if NOT_COUNTED.contains(noun_lc.as_str())
            || (!is_word
                && caps.name("mult").is_none()
                && num_text.len() == 4
                && !num_text.contains([',', '.']))
        {
            continue;
        }
        // Written-out numbers only count plural things ("three companies",
        // "three people"); "one of the largest" counts nothing.
        let plural = noun_lc.ends_with('s') || IRREGULAR_PLURALS.contains(noun_lc.as_str());
        if is_word && caps.name("mult").is_none() && !plural {
            continue;
        }
        // Model names and labels are not counts: "iPhone 15 models",
        // "Boeing 737 jets", "COVID-19", "Section 230".
        let num_start = caps.name("num").expect("group").start();
        let before = tail(text[..num_start].trim_end_matches(' '), 256);
        let previous = before.rsplit(' ').next().unwrap_or("");
        let glued = text[..num_start]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '-');
        let after_name = !is_word
            && previous.chars().any(char::is_uppercase)
            && !previous.ends_with(['.', ',', ':', ';'])
            && !NOT_NAMES.contains(previous);
        if (!is_word && glued) || after_name {
            continue;
        }
        let num = number_value(num_text).unwrap_or(0.0);
        let mult = multiplier_of(&caps, &["mult", "short"]);
        // The figure ends where its number (or multiplier) ends.
        let end = caps
            .name("mult")
            .or_else(|| caps.name("short"))
            .map_or(caps.name("num").expect("group").end(), |m| m.end());
        let span = caps.get(0).expect("match").start()..end;
        // "A crowd of 100,024 watched": a verb is not what is counted; the
        // noun the number is "of" is.
        let label = if noun_lc.ends_with("ed") && !noun_lc.ends_with("eed") && noun_lc != "hundred"
        {
            noun_of(&clause_words(text, span.start, taken)).unwrap_or_default()
        } else {
            count_label(text, end)
        };
        add_once(
            sink,
            FactKind::Figure,
            span,
            Some(plain(num * mult)),
            label,
            taken,
        );
    }
    // "in front of a crowd of 53,400.": a number ending its clause after
    // "<noun> of" counts that noun.
    for caps in OF_NUMBER.captures_iter(text) {
        let num = caps.name("num").expect("group");
        let is_year =
            num.len() == 4 && (1800..2100).contains(&num.as_str().parse::<u32>().unwrap_or(0));
        if is_year || taken.overlaps(&num.range()) {
            continue;
        }
        let Some(label) = noun_of(&clause_words(text, num.start(), taken)) else {
            continue;
        };
        let value = number_value(num.as_str()).unwrap_or(0.0);
        add_once(
            sink,
            FactKind::Figure,
            num.range(),
            Some(plain(value)),
            label,
            taken,
        );
    }
}

/// Datelines that say which country's dollar a bare `$` is: the city at
/// the start of the first paragraph ("SYDNEY, May 11 (Reuters) -").
const DATELINE_DOLLARS: &[(&str, &str)] = &[
    ("SYDNEY", "AUD"),
    ("MELBOURNE", "AUD"),
    ("BRISBANE", "AUD"),
    ("PERTH", "AUD"),
    ("ADELAIDE", "AUD"),
    ("CANBERRA", "AUD"),
    ("DARWIN", "AUD"),
    ("HOBART", "AUD"),
    ("TORONTO", "CAD"),
    ("OTTAWA", "CAD"),
    ("MONTREAL", "CAD"),
    ("VANCOUVER", "CAD"),
    ("CALGARY", "CAD"),
    ("EDMONTON", "CAD"),
    ("WINNIPEG", "CAD"),
    ("WELLINGTON", "NZD"),
    ("AUCKLAND", "NZD"),
    ("CHRISTCHURCH", "NZD"),
    ("SINGAPORE", "SGD"),
    ("HONG KONG", "HKD"),
];

/// Words in an article that point to a dollar-using country. `US` cues
/// count against the others: an article naming both keeps `USD`.
static DOLLAR_CUES: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)(?:(?P<AUD>Australian?|Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra|Queensland|New South Wales|NSW|Tasmania|ASX)|(?P<CAD>Canad(?:a|ian)|Toronto|Ottawa|Montreal|Vancouver|Calgary|Ontario|Quebec|Alberta|British Columbia|TSX)|(?P<NZD>New Zealand|Auckland|Wellington|Christchurch|Kiwi)|(?P<SGD>Singapore(?:an)?)|(?P<HKD>Hong Kong)|(?P<USD>U\.S|US|United States|American|Americans|Wall Street|Washington|New York|California|Texas|Federal Reserve))(?-u:\b)",
    )
});

const CODES: [&str; 6] = ["AUD", "CAD", "NZD", "SGD", "HKD", "USD"];

/// Which dollar a bare `$` (and `dollars`, `cents`) means in this article.
///
/// In order: a dateline naming a city of a dollar-using country; else a
/// prefixed dollar (`A$`, `C$`, ...) used elsewhere in the article, when
/// only one country's is; else place words of one such country named at
/// least twice with no word pointing to the United States. Otherwise `USD`,
/// which is what a bare `$` means in most English news: when unsure the
/// extractor keeps the common reading rather than guess another country.
pub(super) fn article_dollar(paragraphs: &[String]) -> &'static str {
    let Some(first) = paragraphs.iter().find(|p| !p.trim().is_empty()) else {
        return "USD";
    };
    let head = first.trim_start();
    for (city, code) in DATELINE_DOLLARS {
        if let Some(rest) = head.strip_prefix(city)
            && (rest.starts_with(',') || rest.starts_with(" ("))
        {
            return code;
        }
    }
    let mut prefixed: Option<&'static str> = None;
    let mut mixed = false;
    let mut cues = [0usize; 6];
    for paragraph in paragraphs {
        for caps in MONEY_SYMBOL.captures_iter(paragraph) {
            let code = currency(&caps["cur"], "");
            if matches!(code, "AUD" | "CAD" | "NZD" | "SGD" | "HKD") {
                mixed |= prefixed.is_some_and(|p| p != code);
                prefixed = Some(code);
            }
        }
        for caps in DOLLAR_CUES.captures_iter(paragraph) {
            if let Some(i) = CODES.iter().position(|c| caps.name(c).is_some()) {
                cues[i] += 1;
            }
        }
    }
    if let Some(code) = prefixed.filter(|_| !mixed) {
        return code;
    }
    let named: Vec<usize> = (0..5).filter(|&i| cues[i] > 0).collect();
    if cues[5] == 0
        && let [only] = named[..]
        && cues[only] >= 2
    {
        return CODES[only];
    }
    "USD"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(text, normal form, label)` of every figure in `text`, a bare `$`
    /// being `dollar`.
    fn figures_in(text: &str, dollar: &'static str) -> Vec<(String, String, String)> {
        let mut taken = Taken::default();
        let mut out = Vec::new();
        find(text, dollar, &mut taken, &mut |_, span, normal, label| {
            out.push((text[span].to_owned(), normal.unwrap_or_default(), label));
        });
        out
    }

    fn has(text: &str, want: &str, normal: &str) {
        let got = figures_in(text, "USD");
        assert!(
            got.iter().any(|(t, n, _)| t == want && n == normal),
            "{text:?}: want {want:?} ({normal}), got {got:?}"
        );
    }

    #[test]
    fn rupees_in_crore_and_lakh() {
        has(
            "a profit of Rs 19,299 crore.",
            "Rs 19,299 crore",
            "192990000000 INR",
        );
        has(
            "set aside ₹1.2 lakh crore for",
            "₹1.2 lakh crore",
            "1200000000000 INR",
        );
        has("pay Rs 5 lakh to each", "Rs 5 lakh", "500000 INR");
        has(
            "raised Rs. 5,000 crore through",
            "Rs. 5,000 crore",
            "50000000000 INR",
        );
        has(
            "worth 3,200 crore rupees in",
            "3,200 crore rupees",
            "32000000000 INR",
        );
    }

    #[test]
    fn pence_and_house_styles() {
        has("a dividend of 8p a share", "8p", "0.08 GBP");
        has("rose 6.5p to 312.4p in London", "312.4p", "3.124 GBP");
        has(
            "bought 13 billion U.S. dollars of bonds",
            "13 billion U.S. dollars",
            "13000000000 USD",
        );
        has(
            "buy back up to 935 bln yen of",
            "935 bln yen",
            "935000000000 JPY",
        );
        has(
            "includes 1.5 trln yen for",
            "1.5 trln yen",
            "1500000000000 JPY",
        );
        has(
            "raised £1.3million at its gala",
            "£1.3million",
            "1300000 GBP",
        );
        has(
            "booked € 1.45 billion in",
            "€ 1.45 billion",
            "1450000000 EUR",
        );
        has("prices rose 10per cent in", "10per cent", "0.1");
        has("a charge of 120 mln dlrs.", "120 mln dlrs", "120000000 USD");
        // A video resolution is not pence.
        assert!(figures_in("filmed in 720p and 1080p.", "USD").is_empty());
    }

    #[test]
    fn dollars_of_six_countries() {
        has(
            "a profit of A$1.71 billion.",
            "A$1.71 billion",
            "1710000000 AUD",
        );
        has("costs AU$1,499 in", "AU$1,499", "1499 AUD");
        has(
            "a loss of NZ$30 million to NZ$50 million.",
            "NZ$30 million to NZ$50 million",
            "30000000-50000000 NZD",
        );
        has("closed at HK$18.42.", "HK$18.42", "18.42 HKD");
        has(
            "a profit of S$3.03 billion.",
            "S$3.03 billion",
            "3030000000 SGD",
        );
        has(
            "will spend C$3.2 billion on",
            "C$3.2 billion",
            "3200000000 CAD",
        );
        has("invest R3.5 billion in", "R3.5 billion", "3500000000 ZAR");
        let local = figures_in("will borrow $15 billion for a runway.", "HKD");
        assert_eq!(local[0].1, "15000000000 HKD");
    }

    #[test]
    fn the_article_says_which_dollar() {
        let article =
            |p: &[&str]| article_dollar(&p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(
            article(&["SYDNEY, May 11 (Reuters) - BHP made $1 billion."]),
            "AUD"
        );
        assert_eq!(
            article(&["HONG KONG, March 21 (Reuters) - It paid $5."]),
            "HKD"
        );
        assert_eq!(
            article(&["Telstra paid A$5 million.", "It then paid $2 million."]),
            "AUD"
        );
        assert_eq!(
            article(&[
                "Qantas will fly from Sydney to Melbourne for $99, the Australian carrier said."
            ]),
            "AUD"
        );
        // Unsure (one cue, or cues of two countries): the common reading.
        assert_eq!(
            article(&["The firm, based in Toronto, raised $5 million."]),
            "USD"
        );
        assert_eq!(
            article(&["Toronto and Ottawa firms sold to U.S. buyers for $5 million."]),
            "USD"
        );
        assert_eq!(
            article(&["NEW YORK, Oct 2 (Reuters) - Nike spent $500 million."]),
            "USD"
        );
    }

    #[test]
    fn japanese_scale_characters_combine() {
        has("総額1兆5000億円の予算", "1兆5000億円", "1500000000000 JPY");
        has("売上高は3億2000万円だった", "3億2000万円", "320000000 JPY");
        has("29億ドルを投資", "29億ドル", "2900000000 USD");
        has("300万人に", "300万人", "3000000");
    }
}
