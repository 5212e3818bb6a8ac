/// A model that gives the logits of the next token after a context.
///
/// Wrap any LLM behind it (an MLX, Core ML or llama.cpp model): the decoding loops call
/// ``logits(after:into:)`` once per step with the whole context so far. The context only
/// grows by the token just generated, so a model with a key-value cache compares it with the
/// context it has cached and evaluates only the new suffix (see the README's example).
public protocol LanguageModel {
  /// The number of tokens; logits vectors have this length.
  var vocabularySize: Int { get }
  /// The end-of-sequence token, if the model has one.
  var endOfSequence: Int? { get }
  /// Writes the logits of the token following `context` into `logits` (length
  /// ``vocabularySize``).
  ///
  /// - Throws: When the context holds a token the model does not know.
  mutating func logits(after context: [Int], into logits: inout [Float]) throws
}

/// Errors of the decoding layer, each with a one-line message.
public enum DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Text with a character the vocabulary does not have.
  case unknownText(String)
  /// A token id outside the vocabulary.
  case unknownToken(Int, vocabularySize: Int)
  /// A corpus too small to train on.
  case emptyCorpus
  /// An n-gram order outside the supported range.
  case invalidOrder(Int)
  /// A beam width below 1.
  case invalidBeamWidth(Int)
  /// A logits vector of the wrong length from a model.
  case logitsLength(expected: Int, actual: Int)
  /// A sampling temperature that is not finite and positive.
  case invalidTemperature(Double)
  /// An empty context for a model that needs at least one token to start from.
  case emptyContext
  /// A context longer than the model's positions.
  case contextTooLong(tokens: Int, limit: Int)
  /// A sampling setting (`temperature`, `top_k`, …) for a generation config whose
  /// `do_sample` is false, under which transformers applies none.
  case samplingSettingOfGreedyConfig(String)

  /// A one-line message.
  public var description: String {
    switch self {
    case .unknownText(let text): return "the character '\(text)' is not in the model's vocabulary"
    case .unknownToken(let token, let size):
      return "token \(token) is outside the vocabulary of \(size) tokens"
    case .emptyCorpus: return "the corpus is empty: the model needs text to train on"
    case .invalidOrder(let order): return "order must be from 1 to 7, got \(order)"
    case .invalidBeamWidth(let width): return "beam width must be ≥ 1, got \(width)"
    case .logitsLength(let expected, let actual):
      return "the model wrote \(actual) logits for a vocabulary of \(expected)"
    case .emptyContext:
      return
        "the model needs at least one token of context (give a prompt, or start from the model's end-of-text token)"
    case .contextTooLong(let tokens, let limit):
      return
        "the context of \(tokens) tokens is longer than the model's \(limit) positions (max_position_embeddings)"
    case .samplingSettingOfGreedyConfig(let setting):
      return
        "\(setting) has no effect: the generation config sets do_sample false (greedy decoding), under which transformers applies no sampling setting"
    case .invalidTemperature(let temperature):
      return
        "stochastic beam search needs a finite temperature > 0, got \(temperature) (τ = 0 is beam search)"
    }
  }
}
