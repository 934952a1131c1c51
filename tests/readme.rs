//! The README is the newcomer's manual: it must name every key the program
//! knows and the two commands CI relies on.

const README: &str = include_str!("../README.md");

#[test]
fn readme_names_every_key_of_the_keymap() {
    for binding in gogai::keymap::KEYMAP {
        for key in binding.keys {
            let name = format!("`{}`", key.name());
            assert!(README.contains(&name), "README does not mention {name}");
        }
    }
}

#[test]
fn readme_gives_the_run_and_test_commands() {
    assert!(README.contains("cargo run --release"));
    assert!(README.contains("cargo test"));
    let ci = include_str!("../.ci/run");
    assert!(
        ci.contains("cargo test"),
        ".ci/run must run the README's test command"
    );
}

#[test]
fn readme_names_every_command_line_option() {
    use clap::CommandFactory as _;
    for arg in gogai::cli::Cli::command().get_arguments() {
        if let Some(long) = arg.get_long() {
            let name = format!("--{long}");
            assert!(README.contains(&name), "README does not mention {name}");
        }
    }
}
