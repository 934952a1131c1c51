//! How gogai scales: loading a folder, and what one key press and one frame
//! cost with 100,000 articles. Run with `cargo bench`.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gogai::action::Action;
use gogai::app::App;
use gogai::store::Bodies as _;
use gogai::store::library::{Library, LibrarySource};
use gogai::store::state::ReadState;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/corpus.rs"]
mod corpus;

/// `n` article files as `(name, shown path, bytes)`.
fn files(n: usize) -> Vec<(String, String, Vec<u8>)> {
    (0..n)
        .map(|i| {
            let name = corpus::file_name(i);
            (name.clone(), name, corpus::article_json(i).into_bytes())
        })
        .collect()
}

fn library(files: &[(String, String, Vec<u8>)]) -> Library {
    Library::from_files(
        LibrarySource::Bundled,
        files
            .iter()
            .map(|(n, s, b)| (n.clone(), s.clone(), Cow::Borrowed(b.as_slice()))),
    )
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let data = files(n);
        group.bench_with_input(BenchmarkId::new("parse_articles", n), &data, |b, data| {
            b.iter(|| black_box(library(data)));
        });
    }
    group.finish();
}

/// A folder of `n` article files, old enough that the index trusts them
/// at once.
fn folder(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for i in 0..n {
        let path = dir.path().join(corpus::file_name(i));
        std::fs::write(&path, corpus::article_json(i)).expect("write article");
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_modified(past).expect("set mtime");
    }
    dir
}

fn load_indexed(dir: &std::path::Path, index: &std::path::Path) -> Library {
    Library::load_dir_indexed(LibrarySource::Flag(dir.into()), dir, index)
        .expect("load")
        .0
}

/// With 100,000 articles loaded through the index, as a user runs gogai:
/// only metadata in memory, each article read from its file when the
/// selection reaches it. What one key press costs, with and without the
/// 200x60 frame drawn after it.
fn interact(c: &mut Criterion) {
    let dir = folder(100_000);
    let index = dir.path().join("index.idx");
    load_indexed(dir.path(), &index);
    let mut group = c.benchmark_group("100k_articles");
    group.sample_size(10);
    group.bench_function("warm_indexed_load", |b| {
        b.iter(|| black_box(load_indexed(dir.path(), &index)));
    });
    group.finish();

    let mut app = App::new(load_indexed(dir.path(), &index), ReadState::default());
    app.update(Action::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    let mut group = c.benchmark_group("100k_articles");
    group.bench_function("key_j_in_list", |b| {
        b.iter(|| {
            app.update(Action::Down);
            if app.selected() > 99_000 {
                app.update(Action::Top);
            }
        });
    });
    group.bench_function("key_j_and_frame_200x60", |b| {
        b.iter(|| {
            app.update(Action::Down);
            if app.selected() > 99_000 {
                app.update(Action::Top);
            }
            terminal.draw(|f| gogai::ui::render(&app, f)).expect("draw");
        });
    });
    group.bench_function("key_J_and_frame_200x60", |b| {
        b.iter(|| {
            app.update(Action::NextArticle);
            if app.selected() > 99_000 {
                app.update(Action::Top);
            }
            terminal.draw(|f| gogai::ui::render(&app, f)).expect("draw");
        });
    });
    app.update(Action::Bottom);
    group.bench_function("draw_frame_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| gogai::ui::render(&app, f)).expect("draw");
        });
    });
    group.finish();
}

/// Loading a folder of files through the metadata index: cold (no index:
/// every file is read, parsed, and the index written) and warm (the index
/// is right: no article file is opened).
fn indexed(c: &mut Criterion) {
    let mut group = c.benchmark_group("indexed_load");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let dir = folder(n);
        let index = dir.path().join("index.idx");
        group.bench_function(BenchmarkId::new("cold", n), |b| {
            b.iter(|| {
                let _ = std::fs::remove_file(&index);
                black_box(load_indexed(dir.path(), &index))
            });
        });
        load_indexed(dir.path(), &index);
        group.bench_function(BenchmarkId::new("warm", n), |b| {
            b.iter(|| black_box(load_indexed(dir.path(), &index)));
        });
    }
    group.finish();
}

fn seed(c: &mut Criterion) {
    let library = Library::bundled();
    let article = &*library.articles.open(0).expect("bundled");
    c.bench_function("layout_seed_article_at_58_columns", |b| {
        b.iter(|| black_box(gogai::doc::Doc::build(article, 58)));
    });
}

fn extract(c: &mut Criterion) {
    // The seed's 14 paragraphs (about 480 words) repeated to 10,000 words.
    let library = Library::bundled();
    let seed = library.article("microsoft-japan-investment").expect("seed");
    let words: usize = seed.body.iter().map(|p| p.split_whitespace().count()).sum();
    let body: Vec<String> = seed
        .body
        .iter()
        .cycle()
        .take(seed.body.len() * 10_000 / words)
        .cloned()
        .collect();
    c.bench_function("extract_facts_10000_words", |b| {
        b.iter(|| black_box(gogai::facts::extract::extract(&body)));
    });
    c.bench_function("extract_facts_seed_article", |b| {
        b.iter(|| black_box(gogai::facts::for_article(&seed)));
    });
}

/// One article of 100,000 words: laying it out once for a width, then what
/// a key press and a 200x60 frame cost while reading it.
fn long_article(c: &mut Criterion) {
    let sentence = "The council said on Tuesday that 4,200 homes in Osaka would get new \
                    water pipes by 2027, at a cost of $310 million, Mayor Aiko Ueda said.";
    let paragraph = [sentence; 6].join(" ");
    let words = paragraph.split_whitespace().count();
    let body: Vec<serde_json::Value> = (0..100_000 / words)
        .map(|_| paragraph.clone().into())
        .collect();
    let json =
        serde_json::json!({"id": "long", "title": "A very long article", "body": body}).to_string();
    let files = vec![(
        "long.json".to_owned(),
        "long.json".to_owned(),
        json.into_bytes(),
    )];
    let lib = library(&files);
    let article = &*lib.articles.open(0).expect("one article");
    let mut group = c.benchmark_group("long_article_100k_words");
    group.sample_size(10);
    group.bench_function("lay_out_at_80_columns", |b| {
        b.iter(|| black_box(gogai::doc::Doc::build(article, 80)));
    });
    let mut app = App::new(lib.clone(), ReadState::default());
    app.update(Action::Resize(200, 60));
    app.update(Action::Open);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    group.bench_function("key_space_and_frame_200x60", |b| {
        b.iter(|| {
            app.update(Action::PageDown);
            if app.reader_top() > 100_000 {
                app.update(Action::Top);
            }
            terminal.draw(|f| gogai::ui::render(&app, f)).expect("draw");
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    load,
    indexed,
    interact,
    seed,
    extract,
    long_article
);
criterion_main!(benches);
