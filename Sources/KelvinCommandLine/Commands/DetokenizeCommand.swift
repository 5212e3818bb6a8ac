import Kelvin

/// `kelvin detokenize`: the text of token ids under a `tokenizer.json`.
enum DetokenizeCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "detokenize",
    abstract: "Turn token ids back into text with a Hugging Face tokenizer.json.",
    discussion: """
      Decodes as Hugging Face tokenizers does (its decoder: byte-level, Metaspace, byte \
      fallback, …). Special tokens are kept unless --skip-special. An id outside the \
      vocabulary is an error.
      """,
    examples: [
      "kelvin detokenize --tokenizer tokenizer.json --ids 15496,11,995",
      "kelvin detokenize --tokenizer tokenizer.json --ids 1,22557 --skip-special",
    ])

  /// The options of `kelvin detokenize`.
  struct Options: CommandOptions {
    var tokenizer: String = ""
    var ids: [Int] = []
    var skipsSpecial = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(
          \.tokenizer, "tokenizer", "FILE", help: "A Hugging Face tokenizer.json.",
          .nonEmpty("a file path"), required: true, path: true),
        .option(
          \.ids, "ids", "IDS", help: "The token ids, comma-separated.",
          .list(of: .integer(0...Int(Int32.max)), count: 1...Limits.vocabulary.upperBound),
          required: true),
        .flag(\.skipsSpecial, "skip-special", help: "Leave special tokens out of the text."),
        .format(\.format),
      ]
    }
  }

  /// Decodes the ids and prints the text.
  static func run(_ options: Options, output: CommandOutput) throws {
    let tokenizer = try HuggingFaceTokenizer(contentsOf: options.tokenizer)
    let text = try tokenizer.decode(options.ids, skipsSpecialTokens: options.skipsSpecial)
    try output.result(options.format) {
      Document(text: text, count: options.ids.count)
    } table: {
      text + "\n"
    }
  }
}

extension DetokenizeCommand {
  /// `kelvin detokenize --format json`.
  struct Document: Encodable {
    let text: String
    let count: Int
  }
}
