/// `kelvin completion SHELL`: a completion script generated from every command's declarations.
enum CompletionCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "completion",
    abstract: "Print a shell completion script for bash, zsh or fish.",
    discussion: """
      The script is generated from the same declarations the parser reads, so it completes \
      every subcommand, every option, the words of choice options and file paths where an \
      option takes a file.
      """,
    examples: [
      "source <(kelvin completion bash)",
      "kelvin completion zsh > ~/.zfunc/_kelvin",
      "kelvin completion fish > ~/.config/fish/completions/kelvin.fish",
    ])

  /// The options of `kelvin completion`.
  struct Options: CommandOptions {
    var shell = Shell.bash

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [.argument(\.shell, "SHELL", help: "The shell: bash, zsh or fish.", .choice(Shell.self))]
    }
  }

  /// Prints the script.
  static func run(_ options: Options, output: CommandOutput) throws {
    let entries = KelvinCommandLine.commands.map { $0.completionEntry }
    try output.write(CompletionScript.script(for: options.shell, entries: entries))
  }
}
