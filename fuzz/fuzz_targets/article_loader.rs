//! Arbitrary bytes as an article file: parsing never panics, every problem
//! has a real position, and every article lays out and yields its facts with
//! every line inside the width and every span a real place in the text.

#![no_main]

use gogai::{article, doc::Doc, facts};
use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

const WIDTHS: [usize; 4] = [1, 2, 7, 80];

fuzz_target!(|bytes: &[u8]| {
    let parsed = article::parse(bytes, "fuzz.json", "fuzz.json");
    for problem in &parsed.problems {
        assert!(problem.line >= 1 && problem.column >= 1, "{problem:?}");
        assert_eq!(problem.file, "fuzz.json");
    }
    for article in &parsed.articles {
        assert!(!article.title.is_empty());
        for paragraph in &article.body {
            // "Paragraphs, each one flow of text without newlines".
            assert!(
                !paragraph.is_empty() && !paragraph.contains('\n'),
                "{paragraph:?}"
            );
        }
        for width in WIDTHS {
            let doc = Doc::build(article, width);
            for line in &doc.lines {
                // Doc::build and text::wrap promise this at every width,
                // dropping a wide character at width 1.
                assert!(
                    line.text.width() <= width,
                    "line {:?} is {} columns wide at width {width}",
                    line.text,
                    line.text.width()
                );
                if let (Some(p), Some(range)) = (line.paragraph, &line.range) {
                    assert_eq!(article.body[p].get(range.clone()), Some(line.text.as_str()));
                }
            }
        }
        for group in facts::for_article(article) {
            for fact in &group.facts {
                let Some(evidence) = &fact.evidence else {
                    continue;
                };
                let text = &article.body[evidence.paragraph];
                assert!(text.get(evidence.span.clone()).is_some(), "{fact:?}");
                assert_eq!(
                    text.get(evidence.sentence.clone()),
                    Some(&*evidence.sentence_text),
                    "{fact:?}"
                );
            }
        }
    }
});
