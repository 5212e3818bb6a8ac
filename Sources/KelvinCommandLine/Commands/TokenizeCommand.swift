import Kelvin

/// `kelvin tokenize`: a text's token ids under a `tokenizer.json`.
enum TokenizeCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "tokenize",
    abstract: "Turn text into token ids with a Hugging Face tokenizer.json, as tokenizers does.",
    discussion: """
      The ids are those of Hugging Face tokenizers (checked id for id on 10,147 strings and \
      seven tokenizers). Special tokens written in the text stay plain text unless \
      --parse-special; --add-special adds the template's tokens (Llama's <s>, say). The table \
      shows each token's id and text as the file writes it (byte-level tokens in GPT-2's \
      alphabet: Ġ is a space).
      """,
    examples: [
      "kelvin tokenize --tokenizer tokenizer.json --text 'Hello, world!'",
      "kelvin tokenize --tokenizer tokenizer.json --input chapter.txt --ids",
      "kelvin tokenize --tokenizer tokenizer.json --text '<s>Hi' --parse-special --format json",
    ])

  /// The options of `kelvin tokenize`.
  struct Options: CommandOptions {
    var tokenizer = TokenizerOptions()
    var text: String?
    var input: String?
    var idsOnly = false
    var streamLimit = InputFile.defaultStreamLimit
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      TokenizerOptions.declarations(at: \.tokenizer, required: true) + [
        .option(\.text, "text", "TEXT", help: "The text to tokenize.", .anyText),
        .option(
          \.input, "input", "FILE", help: "Tokenize the UTF-8 text of this file; - reads stdin.",
          .nonEmpty("a file path"), path: true),
        .flag(\.idsOnly, "ids", help: "Print only the ids, comma-separated (table format)."),
        .streamLimit(\.streamLimit), .format(\.format),
      ]
    }

    /// `--text` or `--input`.
    static var relations: [OptionRelation<Options>] {
      [.excludes(\.text, \.input), .requires(\.streamLimit, \.input)]
    }
  }

  /// Encodes the text and prints the ids.
  static func run(_ options: Options, output: CommandOutput) throws {
    let text: String
    if let given = options.text {
      text = given
    } else if let path = options.input {
      text = try InputFile.text(
        of: path, streamLimit: options.streamLimit, invalid: "expected UTF-8 text")
    } else {
      throw CommandError.usage("missing input: give --text <TEXT> or --input <FILE>")
    }
    let tokenizer = try options.tokenizer.load()
    let ids = try tokenizer.encode(text, options: options.tokenizer.encoding)
    let texts = { ids.map { tokenizer.tokenText($0) ?? "" } }
    try output.result(options.format) {
      Document(count: ids.count, ids: ids, tokens: texts())
    } table: {
      if options.idsOnly { return ids.map(String.init).joined(separator: ",") + "\n" }
      let rows = zip(ids, texts()).enumerated().map { index, pair in
        [String(index), String(pair.0), PrintableText.line(pair.1)]
      }
      return TextFormatting.table([["#", "id", "token"]] + rows, leftAligned: 3)
        + "\(ids.count) tokens for \(text.unicodeScalars.count) characters\n"
    }
  }
}

extension TokenizeCommand {
  /// `kelvin tokenize --format json`: the ids and each token's text.
  struct Document: Encodable {
    let count: Int
    let ids: [Int]
    let tokens: [String]
  }
}
