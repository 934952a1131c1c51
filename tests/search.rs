//! Search as the user meets it: what a typed query means, which articles it
//! finds, which words it highlights, and the entity index that fills up in
//! the background.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use gogai::search::{Entities, EntityIndex, Query, SearchIndex, Term, find_ranges};
use gogai::store::Bodies as _;
use gogai::store::library::{Library, LibrarySource};
use proptest::prelude::*;

// ---------------------------------------------------------------- helpers

fn text(s: &str) -> Term {
    Term::Text(s.to_owned())
}

/// A library of the given article files (JSON objects).
fn library_of(jsons: &[serde_json::Value]) -> Library {
    Library::from_files(
        LibrarySource::Bundled,
        jsons.iter().enumerate().map(|(i, json)| {
            let name = format!("a{i}.json");
            (
                name.clone(),
                name,
                Cow::Owned(json.to_string().into_bytes()),
            )
        }),
    )
}

/// One article per body text, ids `a0`, `a1`, ... (same date, so list order
/// is id order).
fn bodies(texts: &[&str]) -> Library {
    let jsons: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": format!("a{i}"), "title": "T", "body": t}))
        .collect();
    library_of(&jsons)
}

/// An entity index with nothing in it, for text-only searches.
fn no_entities() -> Arc<EntityIndex> {
    Arc::new(EntityIndex::new(0))
}

/// The paragraphs of the article at list position `i`.
fn body(library: &Library, i: usize) -> Vec<String> {
    library.articles.open(i).expect("in the list").body.clone()
}

/// The ids of the articles `query` finds.
fn found(library: &Library, query: &str) -> Vec<String> {
    let index = SearchIndex::build(&library.articles);
    let outcome = index.search(&Query::parse(query), None, &no_entities());
    outcome
        .matches
        .iter()
        .map(|&i| library.articles.at(i).id().to_owned())
        .collect()
}

/// Whether `query` finds the one article whose body is `body`.
fn matches_body(body: &str, query: &str) -> bool {
    !found(&bodies(&[body]), query).is_empty()
}

/// The highlighted parts of `text`.
fn highlighted<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
    find_ranges(text, &Query::parse(query))
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

// ---------------------------------------------------------------- parsing

#[test]
fn parses_words_phrases_and_fields() {
    let q = Query::parse(
        r#"  AI "Brad   Smith" person:"Brad Smith" org:Microsoft place:Tokyo tag:News has:quote has:figure"#,
    );
    assert_eq!(
        q.terms(),
        [
            text("ai"),
            text("brad smith"),
            Term::Person("brad smith".into()),
            Term::Org("microsoft".into()),
            Term::Place("tokyo".into()),
            Term::Tag("news".into()),
            Term::HasQuote,
            Term::HasFigure,
        ]
    );
    assert!(q.needs_entities());
    assert!(!Query::parse("ai tag:news").needs_entities());
}

#[test]
fn parses_what_is_still_being_typed() {
    // An unclosed quote runs to the end, its trailing space dropped.
    assert_eq!(
        Query::parse(r#"ai "brad sm"#).terms(),
        [text("ai"), text("brad sm")]
    );
    assert_eq!(Query::parse(r#""brad "#).terms(), [text("brad")]);
    assert_eq!(
        Query::parse(r#"person:"brad s"#).terms(),
        [Term::Person("brad s".into())]
    );
    // A field with no value yet is left out; `has:` takes a start of its value.
    assert_eq!(Query::parse("ai person:").terms(), [text("ai")]);
    assert_eq!(Query::parse(r#"person:""#).terms(), []);
    assert_eq!(Query::parse("has:q").terms(), [Term::HasQuote]);
    assert!(Query::parse("  ").is_empty());
    assert!(Query::parse(r#""""#).is_empty());
}

#[test]
fn unknown_fields_are_plain_words() {
    assert_eq!(Query::parse("foo:bar").terms(), [text("foo:bar")]);
    assert_eq!(Query::parse("has:cats").terms(), [text("has:cats")]);
    assert_eq!(Query::parse(r#"foo:"a b""#).terms(), [text("foo:a b")]);
    assert_eq!(
        Query::parse("https://example.com").terms(),
        [text("https://example.com")]
    );
    // Fullwidth field names, as a Japanese input method types them.
    assert_eq!(
        Query::parse("ＯＲＧ：ソニー").terms(),
        [Term::Org("ソニー".into())]
    );
}

#[test]
fn narrowing_follows_typing() {
    let narrows = |b: &str, a: &str| Query::parse(b).narrows(&Query::parse(a));
    assert!(narrows("ai", "a"));
    assert!(narrows("ai res", "ai"));
    assert!(narrows(r#""ai res"#, r#""ai re"#));
    assert!(narrows("person:brad", "person:br"));
    assert!(narrows("anything", ""));
    assert!(narrows("has:quote", "has:q"));
    // Deleting, replacing, or changing a term's kind searches everything.
    assert!(!narrows("a", "ai"));
    assert!(!narrows("ab", "ai"));
    assert!(!narrows("person:", "person"));
    assert!(!narrows("org:brad", "person:brad"));
    // Tags match whole words: `tag:new` does not hold what `tag:news` finds.
    assert!(!narrows("tag:news", "tag:new"));
    assert!(narrows("tag:news x", "tag:news"));
    // `e` is not found where `e` + combining acute is.
    assert!(!narrows("e\u{301}", "e"));
}

// ---------------------------------------------------------------- matching

#[test]
fn every_field_is_searched() {
    let library = library_of(&[
        serde_json::json!({"id": "title", "title": "Quantum leap", "body": "x"}),
        serde_json::json!({"id": "subtitle", "title": "T", "subtitle": "Quantum", "body": "x"}),
        serde_json::json!({"id": "source", "title": "T", "source": "Quantum Times", "body": "x"}),
        serde_json::json!({"id": "author", "title": "T", "author": "Ann Quantum", "body": "x"}),
        serde_json::json!({"id": "tag", "title": "T", "tags": ["quantum"], "body": "x"}),
        serde_json::json!({"id": "fact-label", "title": "T", "body": "x",
            "facts": [{"label": "Quantum", "value": "3"}]}),
        serde_json::json!({"id": "fact-value", "title": "T", "body": "x",
            "facts": [{"label": "Field", "value": "quantum"}]}),
        serde_json::json!({"id": "body", "title": "T", "body": ["x", "The QUANTUM one."]}),
        serde_json::json!({"id": "none", "title": "T", "body": "nothing here"}),
    ]);
    let mut ids = found(&library, "quantum");
    ids.sort();
    assert_eq!(
        ids,
        [
            "author",
            "body",
            "fact-label",
            "fact-value",
            "source",
            "subtitle",
            "tag",
            "title"
        ]
    );
}

#[test]
fn phrases_do_not_cross_fields() {
    let library = library_of(&[serde_json::json!({
        "id": "a", "title": "Ends with apple", "body": ["pie starts", "apple pie"]
    })]);
    assert_eq!(found(&library, "\"apple pie\""), ["a"]);
    let library = library_of(&[serde_json::json!({
        "id": "a", "title": "Ends with apple", "body": ["pie starts here"]
    })]);
    assert!(found(&library, "\"apple pie\"").is_empty());
}

#[test]
fn all_terms_must_match() {
    let library = bodies(&[
        "solar power in Tokyo",
        "solar power in Osaka",
        "wind in Tokyo",
    ]);
    assert_eq!(found(&library, "solar tokyo"), ["a0"]);
    assert_eq!(found(&library, "tokyo"), ["a0", "a2"]);
    assert_eq!(found(&library, ""), ["a0", "a1", "a2"]);
}

#[test]
fn latin_terms_start_words() {
    assert!(matches_body("AI is here", "ai"));
    assert!(matches_body("He aims high", "ai"));
    assert!(!matches_body("He said so", "ai"));
    assert!(matches_body("(AI) and more", "ai"));
    assert!(matches_body("e-mail", "mail"));
    // A word run into Japanese text still starts a word.
    assert!(matches_body("生成AIの研究", "ai"));
    // An accent written as a combining mark does not hide the letter before.
    assert!(!matches_body("e\u{301}clair", "clair"));
    // A term starting with punctuation matches anywhere.
    assert!(matches_body("cost US$45", "$45"));
}

#[test]
fn cjk_terms_match_anywhere() {
    assert!(matches_body("東京都は発表した", "東京"));
    assert!(matches_body("新東京", "東京"));
    assert!(matches_body("マイクロソフトは", "ソフト"));
    assert!(matches_body("서울특별시", "특별"));
}

#[test]
fn combining_marks_stay_with_their_letter() {
    let decomposed = "cafe\u{301} au lait";
    assert!(!matches_body(decomposed, "cafe"));
    assert!(matches_body(decomposed, "cafe\u{301}"));
    assert!(matches_body(decomposed, "CAFE\u{301}"));
    // "caf" ends before the e, between two clusters.
    assert!(matches_body("cafe\u{301}", "caf"));
    assert_eq!(highlighted(decomposed, "cafe\u{301}"), ["cafe\u{301}"]);
    assert!(highlighted(decomposed, "cafe").is_empty());
}

#[test]
fn folding_is_case_and_width_blind() {
    assert!(matches_body("ＡＩ ｍｏｄｅｌｓ", "ai models"));
    assert!(matches_body("AI models", "ＡＩ"));
    assert!(matches_body("İstanbul", "istanbul"));
    assert!(matches_body("ISTANBUL", "İstanbul"));
    // Capital ẞ lowercases to ß; ß is not spelled out as "ss".
    assert!(matches_body("STRAẞE", "straße"));
    assert!(!matches_body("Straße", "strasse"));
    // A final ς is the same letter as σ.
    assert!(matches_body("ΟΔΟΣ", "οδος"));
    assert!(matches_body("two\u{3000}\u{3000}words", "\"two words\""));
}

#[test]
fn tag_terms_match_whole_tags() {
    let library = library_of(&[
        serde_json::json!({"id": "a", "title": "T", "tags": ["News", "AI"], "body": "x"}),
        serde_json::json!({"id": "b", "title": "T", "tags": ["newsletter"], "body": "x"}),
    ]);
    assert_eq!(found(&library, "tag:news"), ["a"]);
    assert_eq!(found(&library, "tag:NEWSLETTER"), ["b"]);
    assert!(found(&library, "tag:new").is_empty());
}

#[test]
fn candidates_limit_the_search() {
    let library = bodies(&["solar", "solar", "wind", "solar"]);
    let index = SearchIndex::build(&library.articles);
    let outcome = index.search(&Query::parse("solar"), Some(&[1, 2, 3, 99]), &no_entities());
    assert_eq!(outcome.matches, [1, 3]);
}

#[test]
fn large_searches_split_across_threads_in_order() {
    let texts: Vec<String> = (0..2000)
        .map(|i| {
            if i % 3 == 0 {
                format!("solar {i}")
            } else {
                format!("wind {i}")
            }
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let library = bodies(&refs);
    let index = SearchIndex::build(&library.articles);
    let matches = index
        .search(&Query::parse("solar"), None, &no_entities())
        .matches;
    let expected: Vec<usize> = (0..library.articles.len())
        .filter(|&i| body(&library, i)[0].starts_with("solar"))
        .collect();
    assert_eq!(matches, expected);
    assert_eq!(matches.len(), 667);
}

// ---------------------------------------------------------------- entities

#[test]
fn entities_come_from_the_facts() {
    let library = Library::bundled();
    let seed = &*library
        .articles
        .open(
            library
                .position("microsoft-japan-investment")
                .expect("seed article"),
        )
        .expect("listed");
    let entities = Entities::from_facts(&gogai::facts::for_article(seed));
    assert!(
        entities.people.contains(&"brad smith".to_owned()),
        "{entities:?}"
    );
    assert!(
        entities.orgs.iter().any(|o| o == "microsoft"),
        "{entities:?}"
    );
    assert!(entities.places.iter().any(|p| p == "japan"), "{entities:?}");
    assert!(entities.has_quote);
    assert!(entities.has_figure);
}

#[test]
fn field_terms_match_once_the_index_is_done() {
    let library = Library::bundled();
    let index = SearchIndex::build(&library.articles);
    let entities = EntityIndex::new(library.articles.len());
    assert_eq!(entities.len(), library.articles.len());
    let en = library
        .position("microsoft-japan-investment")
        .expect("seed article");
    let ja = library
        .position("microsoft-japan-investment-ja")
        .expect("Japanese seed");

    // Before the index is done an article is either decided or pending,
    // never wrongly left out.
    let early = index.search(&Query::parse("person:smith"), None, &entities);
    assert!(early.matches.len() + early.pending <= library.articles.len());

    for i in 0..library.articles.len() {
        assert!(entities.fill(&library.articles, i));
    }
    assert_eq!(entities.done(), entities.len());
    assert!(entities.get(en).is_some());
    let search = |q: &str| {
        let outcome = index.search(&Query::parse(q), None, &entities);
        assert_eq!(outcome.pending, 0, "{q}");
        outcome.matches
    };
    assert_eq!(search("person:\"brad smith\""), [en]);
    assert_eq!(
        search("person:smith"),
        [en],
        "a surname is found in the name"
    );
    assert!(
        search("person:mith").is_empty(),
        "but not the middle of a word"
    );
    assert!(search("org:microsoft").contains(&en));
    assert!(search("place:japan").contains(&en));
    assert!(search("has:quote").contains(&en));
    assert!(search("has:figure").contains(&en));
    // Curated Japanese facts name people and places in Japanese.
    assert_eq!(search("person:スミス"), [ja]);
    assert_eq!(search("place:東京"), [ja]);
    // Entity and text terms together.
    assert_eq!(search("person:smith tokyo"), [en]);
    assert!(search("person:smith zebra").is_empty());
}

#[test]
fn pending_counts_articles_not_indexed() {
    let library = Library::bundled();
    let index = SearchIndex::build(&library.articles);
    // An index of no articles never has the entities of these.
    let entities = no_entities();
    let outcome = index.search(&Query::parse("has:figure"), None, &entities);
    assert_eq!(outcome.matches, Vec::<usize>::new());
    assert_eq!(outcome.pending, library.articles.len());
    // Text terms are checked first: an article they rule out is not pending.
    let outcome = index.search(&Query::parse("has:figure zebra"), None, &entities);
    assert_eq!(outcome.pending, 0);
}

// ---------------------------------------------------------------- highlights

#[test]
fn highlights_words_phrases_and_entity_values() {
    let text = "Brad Smith said AI aims to help. Smith, said AI.";
    assert_eq!(highlighted(text, "ai"), ["AI", "ai", "AI"]);
    assert_eq!(highlighted(text, "person:\"brad smith\""), ["Brad Smith"]);
    assert_eq!(highlighted(text, "person:smith"), ["Smith", "Smith"]);
    assert_eq!(highlighted(text, "\"said ai\""), ["said AI", "said AI"]);
    // Overlapping and touching matches merge.
    assert_eq!(highlighted("aaa-aaa", "aaa-a aa"), ["aaa-aa"]);
    assert_eq!(highlighted("ab-cd", "ab -cd"), ["ab-cd"]);
    // Tags and has: highlight nothing.
    assert!(highlighted(text, "tag:ai has:quote").is_empty());
}

#[test]
fn highlights_map_back_across_folding() {
    // `İ` is two bytes and folds to one; fullwidth letters are three.
    let text = "İSTANBUL and ＡＩ, Straße ẞ";
    assert_eq!(highlighted(text, "istanbul"), ["İSTANBUL"]);
    assert_eq!(highlighted(text, "ai"), ["ＡＩ"]);
    assert_eq!(highlighted(text, "straße"), ["Straße"]);
    assert_eq!(highlighted(text, "ß"), ["ẞ"]);
    // A collapsed run of whitespace is highlighted whole.
    assert_eq!(
        highlighted("two \u{3000} words", "\"two words\""),
        ["two \u{3000} words"]
    );
    assert_eq!(highlighted("東京都と東京", "東京"), ["東京", "東京"]);
}

fn assert_well_formed(text: &str, ranges: &[Range<usize>]) {
    for r in ranges {
        assert!(r.start < r.end, "{r:?} is empty in {text:?}");
        assert!(text.is_char_boundary(r.start), "{r:?} in {text:?}");
        assert!(text.is_char_boundary(r.end), "{r:?} in {text:?}");
        assert!(r.end <= text.len());
    }
    for w in ranges.windows(2) {
        assert!(
            w[0].end < w[1].start,
            "{ranges:?} overlap or touch in {text:?}"
        );
    }
}

#[test]
fn odd_letters_give_ranges_on_char_boundaries() {
    for (text, query) in [
        ("İİİ", "i"),
        ("iİi", "ii"),
        ("ßẞß", "ß"),
        ("ǅǄǆ", "ǆ"),
        ("ΣΑΣ σας", "σασ"),
        ("e\u{301}\u{302}e", "e"),
        ("\u{301}e", "\u{301}"),
        ("🇯🇵🇯🇵", "🇵🇯"),
    ] {
        let ranges = find_ranges(text, &Query::parse(query));
        assert_well_formed(text, &ranges);
    }
}

proptest! {
    #[test]
    fn find_ranges_is_always_well_formed(
        text in "(?s)[a-zA-Zİßẞ東京 \u{301}\u{3000}\\-\"ＡＩ🇯🇵.]{0,40}|\\PC{0,40}",
        query in "[a-zİß東 \u{301}\"\\-:ＡＩ🇯]{0,12}|(person|org|place|tag|has|x):\\PC{0,6}|\\PC{0,12}",
    ) {
        let ranges = find_ranges(&text, &Query::parse(&query));
        assert_well_formed(&text, &ranges);
    }

    #[test]
    fn search_and_highlight_agree(
        text in "[abİß東 \u{301}\\-]{0,20}",
        query in "[abİß東\u{301}\\-]{1,4}",
    ) {
        let query_parsed = Query::parse(&query);
        let library = bodies(&[&text]);
        // Blank bodies are not articles; loading may also tidy whitespace.
        prop_assume!(!library.articles.is_empty());
        let body = body(&library, 0).join("\n");
        let index = SearchIndex::build(&library.articles);
        let in_body = !find_ranges(&body, &query_parsed).is_empty();
        let in_title = !find_ranges("T", &query_parsed).is_empty();
        let searched = !index.search(&query_parsed, None, &no_entities()).matches.is_empty();
        prop_assert_eq!(searched, in_body || in_title);
    }
}
