//! The fact extractor on sentences written for each rule, on the seed
//! article, and on text it must leave alone.

use gogai::facts::FactKind;
use gogai::facts::extract::{Found, extract, sentences};

fn found(text: &str) -> Vec<Found> {
    extract(&[text.to_owned()])
}

/// `(text as written, normalised)` of every fact of `kind`.
fn of(kind: FactKind, text: &str) -> Vec<(String, Option<String>)> {
    found(text)
        .into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| (f.text, f.normalized))
        .collect()
}

fn pair(text: &str, normal: &str) -> (String, Option<String>) {
    (text.to_owned(), Some(normal.to_owned()))
}

#[test]
fn money_in_every_common_form() {
    let cases = [
        ("It pledged $2.9 billion.", "$2.9 billion", "2900000000 USD"),
        (
            "Grants of US$10 million were made.",
            "US$10 million",
            "10000000 USD",
        ),
        (
            "The budget is ¥1.5 trillion this year.",
            "¥1.5 trillion",
            "1500000000000 JPY",
        ),
        ("They raised €300m in March.", "€300m", "300000000 EUR"),
        (
            "It costs 2.9 billion dollars to build.",
            "2.9 billion dollars",
            "2900000000 USD",
        ),
        (
            "Estimates range over $1-2 billion now.",
            "$1-2 billion",
            "1000000000-2000000000 USD",
        ),
        ("A fine of £45,000 was paid.", "£45,000", "45000 GBP"),
    ];
    for (sentence, text, normal) in cases {
        assert_eq!(
            of(FactKind::Figure, sentence),
            vec![pair(text, normal)],
            "{sentence}"
        );
    }
}

#[test]
fn money_is_labelled_with_what_it_pays_for() {
    let facts = found(
        "Microsoft will provide $10 million in resource grants over five years, part of a $2.9 billion investment.",
    );
    let labels: Vec<(&str, &str)> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Figure)
        .map(|f| (f.text.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("$10 million", "resource grants"),
            ("$2.9 billion", "investment")
        ]
    );
}

#[test]
fn counts_with_what_they_count() {
    assert_eq!(
        of(FactKind::Figure, "It will train 3 million people."),
        vec![pair("3 million", "3000000")]
    );
    assert_eq!(
        of(FactKind::Figure, "It will train three million people."),
        vec![pair("three million", "3000000")]
    );
    assert_eq!(
        of(FactKind::Figure, "The lab bought 10,000 GPUs last year."),
        vec![pair("10,000", "10000")]
    );
    assert_eq!(
        of(FactKind::Figure, "Twenty-five companies joined."),
        vec![pair("Twenty-five", "25")]
    );
    assert_eq!(
        of(FactKind::Figure, "She met a dozen startups."),
        vec![pair("a dozen", "12")]
    );
    let people = found("It will train three million people in AI skills.");
    assert_eq!(people[0].label, "people in AI skills");
    // Written-out numbers that count nothing are not figures.
    assert!(of(FactKind::Figure, "One of the firms said two is enough.").is_empty());
}

#[test]
fn percentages_and_changes() {
    assert_eq!(
        of(FactKind::Figure, "Sales rose 12% in May."),
        vec![pair("12%", "0.12")]
    );
    assert_eq!(
        of(FactKind::Figure, "Sales rose 12 percent."),
        vec![pair("12 percent", "0.12")]
    );
    assert_eq!(
        of(FactKind::Figure, "Costs fell 3.5 per cent."),
        vec![pair("3.5 per cent", "0.035")]
    );
    // The label is what rose, never the verb left over (issue 15).
    let rose = found("Sales rose 12% in May.");
    assert_eq!(rose[0].label, "Sales");
    assert_eq!(
        of(FactKind::Figure, "The deal doubles its commitment."),
        vec![pair("doubles", "×2")]
    );
}

#[test]
fn dates_years_and_durations() {
    assert_eq!(
        of(FactKind::Date, "It opened on April 10, 2024 in Tokyo."),
        vec![pair("April 10, 2024", "2024-04-10")]
    );
    assert_eq!(
        of(FactKind::Date, "It set roots here in 1978."),
        vec![pair("1978", "1978")]
    );
    assert_eq!(
        of(
            FactKind::Date,
            "It will train staff over the next three years."
        ),
        vec![pair("over the next three years", "3 years")]
    );
    assert_eq!(
        of(FactKind::Date, "Grants run over five years."),
        vec![pair("over five years", "5 years")]
    );
    // A year inside an amount is not a date.
    assert!(of(FactKind::Date, "It paid $2024 million.").is_empty());
}

#[test]
fn quotes_with_their_speaker_and_role() {
    let text = "“We will build the future here together,” said Brad Smith, Microsoft vice chair and president. “This is our largest investment ever in the country.”";
    let facts = found(text);
    let quotes: Vec<(&str, &str)> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Quote)
        .map(|f| (f.text.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(
        quotes,
        [
            ("We will build the future here together", "Brad Smith"),
            (
                "This is our largest investment ever in the country.",
                "Brad Smith"
            ),
        ],
        "the second quotation continues the same speaker"
    );
    let smith = facts
        .iter()
        .find(|f| f.kind == FactKind::Person)
        .expect("speaker is a person");
    assert_eq!(
        (smith.text.as_str(), smith.label.as_str()),
        ("Brad Smith", "Microsoft vice chair and president")
    );
}

#[test]
fn speaker_named_before_or_by_surname_or_pronoun() {
    let paragraphs = [
        "Analyst Jane Doe, the bank's chief economist, spoke first.".to_owned(),
        "Doe said: nothing. “Rates will stay high for the rest of the year,” Doe said.".to_owned(),
        "Doe spoke again later. “Growth will come back later than people expect today,” she said."
            .to_owned(),
        // "She" points back to the person named in the paragraph before
        // (issue 15: news copy names a speaker, then quotes them below).
        "“Nothing is certain in markets like these ones,” she said.".to_owned(),
        "Bond markets were calm all week.".to_owned(),
        // With nobody named for two paragraphs, "she" is nobody.
        "“Expect the unexpected in the months ahead of us,” she said.".to_owned(),
    ];
    let facts = extract(&paragraphs);
    let speakers: Vec<&str> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Quote)
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(speakers, ["Jane Doe", "Jane Doe", "Jane Doe"]);
    let people: Vec<&str> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Person)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(people, ["Jane Doe"], "Doe is merged into Jane Doe");
}

#[test]
fn scare_quotes_without_a_speaker_are_not_quotes() {
    assert!(
        of(
            FactKind::Quote,
            "Projects that “align with national priorities” were chosen."
        )
        .is_empty()
    );
}

#[test]
fn organisations_and_places() {
    let text = "It will fund the University of Tokyo and the Partnership on AI Research between Carnegie Mellon University and Keio University in Tokyo, and work with Japan’s Cabinet Secretariat and the Ministry of Economy, Trade and Industry during a visit to the U.S.";
    let facts = found(text);
    let orgs: Vec<&str> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Organisation)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(
        orgs,
        [
            "University of Tokyo",
            "Partnership on AI Research",
            "Carnegie Mellon University",
            "Keio University",
            "Cabinet Secretariat",
            "Ministry of Economy, Trade and Industry",
        ]
    );
    let places: Vec<&str> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Place)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(places, ["Tokyo", "Japan", "U.S."]);
}

#[test]
fn a_recurring_proper_word_is_an_organisation() {
    let paragraphs = [
        "The plan doubles what Contoso spent.".to_owned(),
        "Analysts expect Contoso to hire.".to_owned(),
    ];
    let orgs: Vec<String> = extract(&paragraphs)
        .into_iter()
        .filter(|f| f.kind == FactKind::Organisation)
        .map(|f| f.text)
        .collect();
    assert_eq!(orgs, ["Contoso"]);
    // Once is not enough to tell a name from a stray capital.
    assert!(
        of(
            FactKind::Organisation,
            "The plan doubles what Contoso spent."
        )
        .is_empty()
    );
}

#[test]
fn sentence_capitals_and_headline_case_make_no_entities() {
    let text =
        "Shares Rise As Investors Cheer Results. Markets Were Calm. Today The Index Closed Higher.";
    let entities: Vec<Found> = found(text)
        .into_iter()
        .filter(|f| {
            matches!(
                f.kind,
                FactKind::Person | FactKind::Organisation | FactKind::Place | FactKind::Other
            )
        })
        .collect();
    assert!(entities.is_empty(), "{entities:?}");
}

#[test]
fn every_fact_points_at_its_sentence() {
    let text = "Microsoft pledged $2.9 billion. It will train three million people. “We are here for the long term in Japan,” said Brad Smith, Microsoft president.";
    let facts = found(text);
    assert!(!facts.is_empty());
    for f in &facts {
        let sentence = &text[f.sentence.clone()];
        assert!(sentence.contains(&text[f.span.clone()]), "{f:?}");
        assert!(
            f.sentence.start <= f.span.start && f.span.end <= f.sentence.end,
            "{f:?}"
        );
    }
    let spans: Vec<&str> = sentences(text).into_iter().map(|s| &text[s]).collect();
    assert_eq!(
        spans,
        [
            "Microsoft pledged $2.9 billion.",
            "It will train three million people.",
            "“We are here for the long term in Japan,” said Brad Smith, Microsoft president.",
        ]
    );
}

#[test]
fn abbreviations_do_not_end_sentences() {
    let text = "He met Mr. Tanaka in the U.S. yesterday. Talks went well.";
    assert_eq!(sentences(text).len(), 2);
}

#[test]
fn the_seed_article_reads_as_a_person_would() {
    let library = gogai::store::library::Library::bundled();
    let seed = library.article("microsoft-japan-investment").expect("seed");
    let facts = extract(&seed.body);
    let has = |kind: FactKind, text: &str, label: &str| {
        facts
            .iter()
            .any(|f| f.kind == kind && f.text == text && f.label == label)
    };
    assert!(has(FactKind::Figure, "$2.9 billion", "investment"));
    assert!(has(FactKind::Figure, "$10 million", "resource grants"));
    assert!(has(
        FactKind::Figure,
        "three million",
        "people in AI skills"
    ));
    assert!(has(FactKind::Date, "1978", "we set roots here"));
    assert!(has(
        FactKind::Person,
        "Brad Smith",
        "Microsoft vice chair and president"
    ));
    assert!(has(FactKind::Person, "Fumio Kishida", "Prime Minister"));
    let speakers: Vec<&str> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Quote)
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(
        speakers,
        ["Brad Smith", "Brad Smith", "Fumio Kishida", "Fumio Kishida"]
    );
    assert!(has(
        FactKind::Date,
        "over the next three years",
        "people in AI skills"
    ));
    assert!(has(FactKind::Date, "over five years", "resource grants"));
    for org in [
        "Microsoft",
        "University of Tokyo",
        "Carnegie Mellon University",
        "Keio University",
        "Cabinet Secretariat",
        "Ministry of Economy, Trade and Industry",
        "Generative AI Accelerator Challenge (GENIAC)",
        "Sakana",
        "Abjea",
    ] {
        assert!(has(FactKind::Organisation, org, ""), "missing {org}");
    }
    for place in ["Japan", "Tokyo", "U.S."] {
        assert!(has(FactKind::Place, place, ""), "missing {place}");
    }
    // Nothing junk: sentence furniture is never a name.
    for junk in [
        "The",
        "Part",
        "Today’s",
        "Today",
        "About",
        "Among",
        "Before",
        "To",
    ] {
        let is_junk = |f: &Found| {
            matches!(
                f.kind,
                FactKind::Person | FactKind::Organisation | FactKind::Place
            ) && f.text == junk
        };
        assert!(!facts.iter().any(is_junk), "junk entity {junk}");
    }
    // "Smith" alone is the same person, not a second one.
    assert_eq!(
        facts.iter().filter(|f| f.kind == FactKind::Person).count(),
        2
    );
}

#[test]
fn the_japanese_article_gets_figures_and_nothing_wrong() {
    let library = gogai::store::library::Library::bundled();
    let ja = library
        .article("microsoft-japan-investment-ja")
        .expect("translation");
    let facts = extract(&ja.body);
    let figures: Vec<(&str, Option<&str>)> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Figure)
        .map(|f| (f.text.as_str(), f.normalized.as_deref()))
        .collect();
    assert_eq!(
        figures,
        [
            ("29億ドル", Some("2900000000 USD")),
            ("300万人", Some("3000000")),
            ("1000万ドル", Some("10000000 USD"))
        ]
    );
    let entities: Vec<&Found> = facts
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FactKind::Person | FactKind::Organisation | FactKind::Place | FactKind::Quote
            )
        })
        .collect();
    assert!(
        entities.is_empty(),
        "no entities from CJK text: {entities:?}"
    );
}

#[test]
fn odd_spaces_do_not_break_spans() {
    // A no-break space between a number and its noun once cut a character.
    let facts = found("It hired 500\u{a0}engineers last spring.");
    assert_eq!(facts[0].text, "500");
    assert_eq!(facts[0].label, "engineers");
}
