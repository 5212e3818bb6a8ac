import Foundation
import Kelvin

extension PerplexityCommand {
  /// `--model DIR`: the text's log-likelihood under a checkpoint, in windows of its positions.
  ///
  /// - Throws: As ``DecodingModel/init(directory:)``; ``CommandError`` (65) for a text the
  ///   tokenizer gives fewer than two tokens for (nothing to score).
  static func scoreUnderModel(
    _ text: String, origin: String, directory: String, _ options: Options,
    _ output: CommandOutput
  ) throws {
    var built = try DecodingModel(directory: directory)
    let tokens = try built.encode(text, what: origin)
    guard tokens.count > 1 else {
      throw CommandError.data(
        "\(origin): the text is \(tokens.count) token; the first token has no context, so at least two are needed"
      )
    }
    guard let window = built.checkpoint?.configuration.maximumPositions else {
      throw CommandError.data("\(directory): not a transformer checkpoint", flag: "--model")
    }
    let (logLikelihood, scored) = try windowedLogLikelihood(
      of: tokens, under: &built.model, window: window)
    let characters = text.unicodeScalars.count
    let document = ModelDocument(
      tokens: tokens.count, scoredTokens: scored, characters: characters,
      logLikelihood: logLikelihood,
      perplexity: KelvinDecoding.perplexity(logLikelihood: logLikelihood, count: scored),
      bitsPerCharacter: -logLikelihood / log(2.0) / Double(characters),
      perplexityPerCharacter: exp(-logLikelihood / Double(characters)), window: window)
    try output.result(options.format) {
      document
    } table: {
      TextFormatting.table(
        [
          ["tokens", "\(tokens.count) (\(scored) scored; the first has no context)"],
          ["characters", String(characters)],
          ["log-likelihood", TextFormatting.fixed(logLikelihood, decimals: 3) + " nats"],
          ["perplexity", TextFormatting.fixed(document.perplexity, decimals: 4) + " per token"],
          ["bits per character", TextFormatting.fixed(document.bitsPerCharacter, decimals: 4)],
          [
            "per character",
            TextFormatting.fixed(document.perplexityPerCharacter, decimals: 4) + " perplexity",
          ],
          ["window", "\(window) positions"],
        ], leftAligned: 2)
    }
  }

  /// `kelvin perplexity --model DIR --format json`.
  struct ModelDocument: Encodable {
    let tokens: Int
    let scoredTokens: Int
    let characters: Int
    let logLikelihood: Double
    let perplexity: Double
    let bitsPerCharacter: Double
    let perplexityPerCharacter: Double
    let window: Int

    enum CodingKeys: String, CodingKey {
      case tokens
      case scoredTokens = "scored_tokens"
      case characters
      case logLikelihood = "log_likelihood"
      case perplexity
      case bitsPerCharacter = "bits_per_character"
      case perplexityPerCharacter = "perplexity_per_character"
      case window
    }
  }
}
