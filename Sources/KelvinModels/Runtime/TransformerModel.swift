import KelvinDecoding
import KelvinIO
import KelvinTokenizers

/// A Hugging Face checkpoint run natively: a ``LanguageModel`` with a key-value cache.
///
/// Each call compares the context with the one evaluated before and evaluates only what is
/// new: the cache is cut back to the longest common prefix (beam search and speculative
/// sampling switch between branches) and the rest is run one token at a time. Copies share
/// the weights (arrays are copy-on-write and never written after loading); each copy has its
/// own cache.
public struct TransformerModel: LanguageModel, Sendable {
  /// The checkpoint's configuration.
  public let configuration: ModelConfiguration
  private var runtime: Runtime
  private var evaluated: [Int] = []
  private var hidden: [Float] = []

  /// The number of tokens.
  public var vocabularySize: Int { configuration.vocabularySize }
  /// The end-of-sequence token of `config.json`.
  public var endOfSequence: Int? { configuration.endOfSequence }

  /// The forward pass of the checkpoint's architecture.
  ///
  /// A mutation takes the runtime out (leaving ``moving``) before it changes the cache, so the
  /// cache's arrays are uniquely referenced and grow in place rather than being copied.
  enum Runtime: Sendable {
    case gpt2(GPT2Runtime)
    case llama(LlamaRuntime)
    /// Only while a mutation holds the runtime.
    case moving

    mutating func truncate(to position: Int) {
      switch self {
      case .gpt2(var runtime):
        self = .moving
        runtime.truncate(to: position)
        self = .gpt2(runtime)
      case .llama(var runtime):
        self = .moving
        runtime.truncate(to: position)
        self = .llama(runtime)
      case .moving: break
      }
    }

    mutating func advance(_ token: Int) -> [Float] {
      switch self {
      case .gpt2(var runtime):
        self = .moving
        let hidden = runtime.advance(token)
        self = .gpt2(runtime)
        return hidden
      case .llama(var runtime):
        self = .moving
        let hidden = runtime.advance(token)
        self = .llama(runtime)
        return hidden
      case .moving: return []
      }
    }

    func logits(of hidden: [Float], into logits: inout [Float]) {
      switch self {
      case .gpt2(let runtime): runtime.logits(of: hidden, into: &logits)
      case .llama(let runtime): runtime.logits(of: hidden, into: &logits)
      case .moving: break
      }
    }
  }

  /// Loads `config.json` and `model.safetensors` from a model directory.
  ///
  /// - Throws: ``KelvinIOError`` naming the file and the key or tensor at fault.
  public init(directory: String) throws {
    let configPath = directory + "/config.json"
    let configuration = try ModelConfiguration(
      json: try InputFile.contents(of: configPath), path: configPath)
    let tensors = try CheckpointTensors(path: directory + "/model.safetensors")
    self.configuration = configuration
    if configuration.architecture.isLlamaFamily {
      runtime = .llama(
        LlamaRuntime(
          configuration: configuration, weights: try LlamaWeights(tensors, configuration)))
    } else {
      runtime = .gpt2(
        GPT2Runtime(
          configuration: configuration, weights: try GPT2Weights(tensors, configuration)))
    }
  }

  /// How many positions the cache holds (the tokens evaluated so far).
  public var cachedTokens: Int { evaluated.count }

  /// Writes the logits of the token after `context`, evaluating only what the cache lacks.
  ///
  /// - Throws: ``DecodingError/emptyContext`` (a GPT-2 needs one token to start from, such
  ///   as its end-of-text token), ``DecodingError/contextTooLong(tokens:limit:)`` beyond
  ///   `n_positions`, ``DecodingError/unknownToken(_:vocabularySize:)``.
  /// - Complexity: O(new tokens × (parameters + context × width)).
  public mutating func logits(after context: [Int], into logits: inout [Float]) throws {
    try extend(to: context)
    runtime.logits(of: hidden, into: &logits)
  }

  /// The logits after each prefix of `tokens` (row `t` predicts token `t + 1`), as
  /// transformers' forward pass over the whole sequence gives them.
  ///
  /// - Throws: As ``logits(after:into:)``.
  public mutating func logitsAtEveryPosition(of tokens: [Int]) throws -> [[Float]] {
    var rows: [[Float]] = []
    var row = [Float]()
    for end in 1...max(1, tokens.count) {
      try logits(after: Array(tokens.prefix(end)), into: &row)
      rows.append(row)
    }
    return rows
  }

  private mutating func extend(to context: [Int]) throws {
    guard !context.isEmpty else { throw DecodingError.emptyContext }
    guard context.count <= configuration.maximumPositions else {
      throw DecodingError.contextTooLong(
        tokens: context.count, limit: configuration.maximumPositions)
    }
    for token in context where token < 0 || token >= vocabularySize {
      throw DecodingError.unknownToken(token, vocabularySize: vocabularySize)
    }
    var common = zip(evaluated, context).prefix { $0 == $1 }.count
    if common == context.count {
      // The whole context is cached; the last position's hidden state is needed again.
      common -= 1
    }
    runtime.truncate(to: common)
    evaluated.removeSubrange(common...)
    for token in context[common...] {
      hidden = runtime.advance(token)
      evaluated.append(token)
    }
  }
}
