fn main() -> std::process::ExitCode {
    nudj::cli::main()
}
