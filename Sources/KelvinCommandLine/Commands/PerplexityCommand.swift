import Foundation
import Kelvin

/// `kelvin perplexity`: how well the model predicts a text.
enum PerplexityCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "perplexity",
    abstract:
      "Score a text under the built-in (or a trained) model: log-likelihood, perplexity, bits per character.",
    discussion: ModelOptions.vocabularyNote,
    examples: [
      "kelvin perplexity --text 'In the beginning God created the heaven and the earth.'",
      "kelvin perplexity --input chapter.txt",
      "echo 'In the beginning' | kelvin perplexity --input -",
    ])

  /// The options of `kelvin perplexity`.
  struct Options: CommandOptions {
    var text: String?
    var input: String?
    var streamLimit = InputFile.defaultStreamLimit
    var model = ModelOptions()
    var modelDirectory: String?
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(\.text, "text", "TEXT", help: "The text to score.", .nonEmpty("a text")),
        .option(
          \.input, "input", "FILE", help: "Score the UTF-8 text of this file; - reads stdin.",
          .nonEmpty("a file path"), path: true),
      ] + ModelOptions.declarations(at: \.model) + [
        .option(
          \.modelDirectory, "model", "DIR",
          help:
            "Score under this Hugging Face model directory, or builtin-gpt2 (as kelvin generate --model), instead of the built-in 6-gram: the text is encoded with the tokenizer's template and scored in windows of the model's positions (each after at least half a window of context); perplexity is per token, with bits and perplexity per character beside it.",
          .nonEmpty("a directory path"), default: "the built-in model", path: true),
        .streamLimit(\.streamLimit), .format(\.format),
      ]
    }

    /// `--text` or `--input`.
    static var relations: [OptionRelation<Options>] {
      [
        .excludes(\.text, \.input), .requires(\.streamLimit, \.input),
        .excludesAll(
          \.modelDirectory, [\.model.corpus, \.model.order],
          because: "--corpus and --order train the built-in model"),
      ]
    }
  }

  /// Scores the text.
  static func run(_ options: Options, output: CommandOutput) throws {
    let (text, origin) = try source(options)
    if let directory = options.modelDirectory {
      return try scoreUnderModel(text, origin: origin, directory: directory, options, output)
    }
    var built = try options.model.model()
    let tokens = try built.encode(text, what: origin)
    let unknown = built.tokenizer.unknownCount(in: text)
    let logLikelihood = try logLikelihood(of: tokens, under: &built.model)
    let perNat = -logLikelihood / Double(tokens.count)
    let value = KelvinDecoding.perplexity(logLikelihood: logLikelihood, count: tokens.count)
    let bits = perNat / log(2.0)
    let uniform = built.tokenizer.vocabularySize
    try output.result(options.format) {
      Document(
        characters: tokens.count, logLikelihood: logLikelihood, perplexity: value,
        bitsPerCharacter: bits, uniformPerplexity: uniform, unknownCharacters: unknown)
    } table: {
      return TextFormatting.table(
        [
          ["characters", String(tokens.count)],
          ["log-likelihood", TextFormatting.fixed(logLikelihood, decimals: 3) + " nats"],
          ["perplexity", TextFormatting.fixed(value, decimals: 4)],
          ["bits per character", TextFormatting.fixed(bits, decimals: 4)],
          ["uniform model", "\(uniform) (perplexity of guessing)"],
          ["unknown characters", "\(unknown) (scored as the unknown token)"],
        ], leftAligned: 2)
    }
  }

  /// The text and where it came from.
  static func source(_ options: Options) throws -> (String, String) {
    if let text = options.text { return (text, "--text") }
    guard let path = options.input else {
      throw CommandError.usage("missing input: give --text <TEXT> or --input <FILE>")
    }
    let invalid = "expected non-empty UTF-8 text"
    let text = try InputFile.text(of: path, streamLimit: options.streamLimit, invalid: invalid)
    guard !text.isEmpty else { throw CommandError.data("\(path): \(invalid)") }
    return (text, path)
  }
}

extension PerplexityCommand {
  /// `kelvin perplexity --format json`.
  struct Document: Encodable {
    let characters: Int
    let logLikelihood: Double
    let perplexity: Double
    let bitsPerCharacter: Double
    let uniformPerplexity: Int
    let unknownCharacters: Int

    enum CodingKeys: String, CodingKey {
      case characters
      case logLikelihood = "log_likelihood"
      case perplexity
      case bitsPerCharacter = "bits_per_character"
      case uniformPerplexity = "uniform_perplexity"
      case unknownCharacters = "unknown_characters"
    }
  }
}
