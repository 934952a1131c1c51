use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = gogai::cli::Cli::parse();
    match gogai::cli::run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gogai: {e:#}");
            ExitCode::FAILURE
        }
    }
}
