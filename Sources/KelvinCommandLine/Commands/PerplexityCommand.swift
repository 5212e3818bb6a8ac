import Foundation
import Kelvin

/// `kelvin perplexity`: how well the model predicts a text.
public enum PerplexityCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "perplexity",
    abstract:
      "Score a text under the built-in (or a trained) model: log-likelihood, perplexity, bits per character.",
    options: [
      .value("text", "FILE", help: "The text to score; - reads stdin.", required: true)
    ] + LanguageModelOptions.options + [.format],
    examples: [
      "kelvin perplexity --text chapter.txt",
      "echo 'In the beginning' | kelvin perplexity --text -",
    ])

  /// Scores the text.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let path = try arguments.required("text")
    let bytes = try VectorInput.withFileErrors { try InputFile.contents(of: path) }
    guard let text = String(validating: bytes, as: UTF8.self), !text.isEmpty else {
      throw CommandError.data("\(path): expected non-empty UTF-8 text")
    }
    var built = try LanguageModelOptions.model(arguments)
    let tokens = try LanguageModelOptions.encode(text, built, what: path)
    let logLikelihood = try logLikelihood(of: tokens, under: &built.model)
    let value = Foundation.exp(-logLikelihood / Double(tokens.count))
    let bits = -logLikelihood / Double(tokens.count) / Foundation.log(2.0)
    switch format {
    case .json:
      return JSONValue.object([
        ("characters", .integer(tokens.count)), ("log_likelihood", .number(logLikelihood)),
        ("perplexity", .number(value)), ("bits_per_character", .number(bits)),
        ("uniform_perplexity", .integer(built.tokenizer.vocabularySize)),
      ]).serialized + "\n"
    case .table:
      return TextFormatting.table(
        [
          ["characters", String(tokens.count)],
          ["log-likelihood", TextFormatting.fixed(logLikelihood, decimals: 3) + " nats"],
          ["perplexity", TextFormatting.fixed(value, decimals: 4)],
          ["bits per character", TextFormatting.fixed(bits, decimals: 4)],
          ["uniform model", "\(built.tokenizer.vocabularySize) (perplexity of guessing)"],
        ], leftAligned: 2)
    }
  }
}
