//! What `gogai --import` costs on a feed of 10,000 items (about 1 KB of
//! HTML each): reading the feed into drafts, and the whole import into an
//! empty folder (drafts rendered, parsed back, checked for duplicates and
//! written one file each). The issue asks for under a second. Run with
//! `cargo bench --bench import`.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gogai::import::{self, Kind, Limits, Options};

const ITEMS: usize = 10_000;

/// An RSS 2.0 feed of `n` distinct items with HTML content, categories,
/// authors and dates, written the way news sites write them.
fn feed(n: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n\
         <title>Bench Wire</title>\n<link>https://wire.example/</link>\n\
         <description>Generated</description>\n",
    );
    let places = ["Tokyo", "Osaka", "Lyon", "Porto", "Leeds", "Quebec"];
    for i in 0..n {
        let place = places[i % places.len()];
        let _ = write!(
            xml,
            "<item>\n<title>Story {i}: {place} council backs ${m} million plan</title>\n\
             <link>https://wire.example/{year}/{i}</link>\n\
             <guid>https://wire.example/{year}/{i}</guid>\n\
             <dc:creator>Reporter {r}</dc:creator>\n\
             <pubDate>Mon, {day:02} Jun 2024 {h:02}:{min:02}:00 GMT</pubDate>\n\
             <category>{place}</category><category>council</category>\n\
             <description>The council in {place} backed the plan on Monday.</description>\n\
             <content:encoded><![CDATA[<p>The council in {place} voted {a} to {b} on Monday \
             for a <a href=\"/plans/{i}\">${m} million plan</a> to rebuild its harbour.</p>\
             <p>&ldquo;This is the biggest investment in {place} for a generation,&rdquo; \
             said Mayor Jun Sato, who has led the council since 2019.</p>\
             <ul><li>new quays</li><li>a ferry terminal</li><li>{k} homes</li></ul>\
             <p>Work starts next year and should take {y} years; the national \
             government will pay 40% of the cost.</p>]]></content:encoded>\n</item>\n",
            m = 10 + i % 90,
            year = 2000 + i % 25,
            r = i % 40,
            day = 1 + i % 28,
            h = i % 24,
            min = i % 60,
            a = 5 + i % 4,
            b = i % 5,
            k = 100 + i % 900,
            y = 2 + i % 5,
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

fn import_10k(c: &mut Criterion) {
    let xml = feed(ITEMS);
    let bytes = xml.as_bytes();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("read_feed_10k", |b| {
        b.iter(|| {
            let extracted = import::extract(Kind::Feed, black_box(bytes), None, "bench", None);
            assert_eq!(extracted.drafts.len(), ITEMS);
            extracted
        });
    });
    // Left in place, so the same feed can be imported by hand:
    // `gogai --dir /tmp/i10k --import $TMPDIR/gogai-import-bench-10k.xml`.
    let source = std::env::temp_dir().join("gogai-import-bench-10k.xml");
    std::fs::write(&source, bytes).expect("write the feed");
    let sources = [source.display().to_string()];
    group.bench_function("import_feed_10k", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temporary folder"),
            |dir| {
                let options = Options {
                    dir: dir.path().to_path_buf(),
                    dry_run: false,
                    limits: Limits::default(),
                    index: None,
                    lock_wait: import::LOCK_WAIT,
                };
                let summary =
                    import::run(&sources, &options, &mut std::io::sink()).expect("import");
                assert_eq!(summary.added, ITEMS);
                dir
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, import_10k);
criterion_main!(benches);
