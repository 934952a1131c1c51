//! What incremental search costs with 10,000 articles of about 5 KB: building
//! the in-memory index, each kind of key press, and the highlights of one
//! screen; and the stored index of a folder of the same articles (opening
//! it after a start, each query, one changed file). A key press must stay
//! well under one frame (16 ms). Run with `cargo bench --bench search`.

use std::borrow::Cow;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use gogai::search::{EntityIndex, Query, SearchIndex, find_ranges};
use gogai::store::Bodies as _;
use gogai::store::library::{Library, LibrarySource};

#[path = "support/corpus.rs"]
mod corpus;

const ARTICLES: usize = 10_000;

fn library(n: usize) -> Library {
    Library::from_files(
        LibrarySource::Bundled,
        (0..n).map(|i| {
            let name = corpus::file_name(i);
            (
                name.clone(),
                name,
                Cow::Owned(corpus::article_json(i).into_bytes()),
            )
        }),
    )
}

/// An entity index with nothing indexed: text queries never read it.
fn no_entities() -> Arc<EntityIndex> {
    Arc::new(EntityIndex::new(0))
}

fn search(c: &mut Criterion) {
    let library = library(ARTICLES);
    let articles = &library.articles;
    let bytes: usize = (0..articles.len())
        .filter_map(|i| articles.open(i).ok())
        .map(|a| a.body.iter().map(String::len).sum::<usize>())
        .sum();
    eprintln!(
        "{ARTICLES} articles, {} KB of body text on average",
        bytes / ARTICLES / 1024
    );
    let entities = no_entities();
    let mut group = c.benchmark_group("search_10k");
    group.sample_size(20);
    group.bench_function("build_index", |b| {
        b.iter(|| black_box(SearchIndex::build(articles)));
    });
    let index = SearchIndex::build(articles);
    let run = |q: &Query, candidates: Option<&[usize]>| index.search(q, candidates, &entities);
    for (name, text) in [
        ("first_key_s", "s"),
        ("two_keys_so", "so"),
        ("three_keys_sol", "sol"),
        ("four_keys_sola", "sola"),
        ("common_word_solar", "solar"),
        ("rarer_word_kaito", "kaito"),
        ("absent_word_zebra", "zebra"),
        ("two_terms", "solar tokyo"),
        ("phrase", "\"interest rates\""),
        ("cjk", "東京"),
    ] {
        let query = Query::parse(text);
        eprintln!("{name}: {} matches", run(&query, None).matches.len());
        group.bench_function(name, |b| b.iter(|| black_box(run(&query, None))));
    }
    // Typing on: only the earlier results are searched.
    let wider = Query::parse("tok");
    let narrower = Query::parse("tokyo univ");
    assert!(narrower.narrows(&wider));
    let earlier = run(&wider, None).matches;
    eprintln!(
        "narrow: {} candidates, {} matches",
        earlier.len(),
        run(&narrower, Some(&earlier)).matches.len()
    );
    group.bench_function("narrow_tok_to_tokyo_univ", |b| {
        b.iter(|| black_box(run(&narrower, Some(&earlier))));
    });
    group.finish();

    // One article's worth of paragraphs, as the reader highlights them.
    let first = articles.open(0).expect("articles");
    let paragraphs = &first.body;
    let query = Query::parse("the market person:tanaka \"interest rates\"");
    c.bench_function("find_ranges_5kb_of_paragraphs", |b| {
        b.iter(|| {
            for p in paragraphs {
                black_box(find_ranges(p, &query));
            }
        });
    });
}

/// The whole of a key press in the search prompt, as the user meets it:
/// search, refilter the list, find the matches in the open article, and
/// draw a 200x60 frame. Each iteration types a letter and deletes it again
/// (two key presses, two frames): "solar" then "solar t" and back.
fn keystroke(c: &mut Criterion) {
    let mut app =
        gogai::app::App::new(library(ARTICLES), gogai::store::state::ReadState::default());
    app.update(gogai::action::Action::Resize(200, 60));
    app.update(gogai::action::Action::Search);
    for ch in "solar ".chars() {
        app.update(gogai::action::Action::Insert(ch));
    }
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).expect("test backend");
    let mut group = c.benchmark_group("app_10k");
    group.sample_size(20);
    group.bench_function("type_and_delete_a_letter_with_frames", |b| {
        b.iter(|| {
            app.update(gogai::action::Action::Insert('t'));
            terminal.draw(|f| gogai::ui::render(&app, f)).expect("draw");
            app.update(gogai::action::Action::DeleteBack);
            terminal.draw(|f| gogai::ui::render(&app, f)).expect("draw");
        });
    });
    group.finish();
}

/// The stored index (`gogai::search::stored`) of a folder of the same
/// 10,000 articles, built once before measuring: what a start costs
/// (opening it: which articles it holds), each query, and bringing it in
/// step after one file changed.
fn stored(c: &mut Criterion) {
    use gogai::search::stored::Indexer;
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join("articles");
    std::fs::create_dir(&dir).expect("mkdir");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for i in 0..ARTICLES {
        let path = dir.join(corpus::file_name(i));
        std::fs::write(&path, corpus::article_json(i)).expect("write");
        // Settled, as files are that were not written a moment ago.
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(hour_ago))
            .expect("date");
    }
    let (library, _) = Library::load_dir_indexed(
        LibrarySource::Flag(dir.clone()),
        &dir,
        &tmp.path().join("meta.idx"),
    )
    .expect("load");
    let db = tmp.path().join("search.sqlite");
    let clock = std::time::Instant::now();
    let (mut indexer, _) = Indexer::open(&db, &dir, &library.articles).expect("open");
    while indexer.step().expect("step") {}
    eprintln!("stored index of {ARTICLES} built in {:?}", clock.elapsed());

    let mut group = c.benchmark_group("stored_10k");
    group.sample_size(20);
    group.bench_function("open_after_a_start", |b| {
        b.iter(|| black_box(Indexer::open(&db, &dir, &library.articles).expect("open")));
    });
    for (name, text) in [
        ("first_key_s", "s"),
        ("two_keys_so", "so"),
        ("three_keys_sol", "sol"),
        ("four_keys_sola", "sola"),
        ("common_word_solar", "solar"),
        ("rarer_word_kaito", "kaito"),
        ("two_terms", "solar tokyo"),
        ("phrase", "\"interest rates\""),
        ("person", "person:tanaka"),
        ("has_quote", "has:quote"),
    ] {
        let query = Query::parse(text);
        let found = indexer.search(&query).expect("search");
        eprintln!("stored {name}: {} matches", found.matches.len());
        group.bench_function(name, |b| {
            b.iter(|| black_box(indexer.search(&query).expect("search")));
        });
    }
    // One file edited: the check finds it and reads it again, words and
    // names, in as many steps as that takes.
    let edited = dir.join(corpus::file_name(7));
    let mut n = 0u64;
    group.bench_function("one_file_changed", |b| {
        b.iter(|| {
            n += 1;
            let json =
                corpus::article_json(7).replace("\"body\":[", &format!("\"body\":[\"edit {n}\","));
            std::fs::write(&edited, json).expect("edit");
            let (mut indexer, _) = Indexer::open(&db, &dir, &library.articles).expect("open");
            while indexer.step().expect("step") {}
            black_box(indexer.progress())
        });
    });
    group.finish();
}

criterion_group!(benches, search, keystroke, stored);
criterion_main!(benches);
