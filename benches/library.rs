//! How gogai scales: loading a folder, and what one key press and one frame
//! cost with 100,000 articles. Run with `cargo bench`.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gogai::action::Action;
use gogai::app::App;
use gogai::library::{Library, Origin};
use gogai::state::ReadState;
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
        Origin::Bundled,
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

fn big_app() -> App {
    let mut app = App::new(library(&files(100_000)), ReadState::default());
    app.update(Action::Resize(120, 40));
    app
}

fn interact(c: &mut Criterion) {
    let mut app = big_app();
    let mut group = c.benchmark_group("100k_articles");
    group.bench_function("key_j_in_list", |b| {
        b.iter(|| {
            app.update(Action::Down);
            if app.selected() > 99_000 {
                app.update(Action::Top);
            }
        });
    });
    group.bench_function("key_J_next_article", |b| {
        b.iter(|| {
            app.update(Action::NextArticle);
            if app.selected() > 99_000 {
                app.update(Action::Top);
            }
        });
    });
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("backend");
    app.update(Action::Bottom);
    group.bench_function("draw_frame_120x40", |b| {
        b.iter(|| {
            terminal.draw(|f| gogai::ui::render(&app, f)).expect("draw");
        });
    });
    group.finish();
}

fn seed(c: &mut Criterion) {
    let library = Library::bundled();
    let article = &library.articles[0];
    c.bench_function("layout_seed_article_at_58_columns", |b| {
        b.iter(|| black_box(gogai::doc::Doc::build(article, 58)));
    });
}

fn extract(c: &mut Criterion) {
    // The seed's 14 paragraphs (about 480 words) repeated to 10,000 words.
    let library = Library::bundled();
    let seed = &library.articles[library
        .position("microsoft-japan-investment")
        .expect("seed")];
    let words: usize = seed.body.iter().map(|p| p.split_whitespace().count()).sum();
    let body: Vec<String> = seed
        .body
        .iter()
        .cycle()
        .take(seed.body.len() * 10_000 / words)
        .cloned()
        .collect();
    c.bench_function("extract_facts_10000_words", |b| {
        b.iter(|| black_box(gogai::extract::extract(&body)));
    });
    c.bench_function("extract_facts_seed_article", |b| {
        b.iter(|| black_box(gogai::facts::for_article(seed)));
    });
}

criterion_group!(benches, load, interact, seed, extract);
criterion_main!(benches);
