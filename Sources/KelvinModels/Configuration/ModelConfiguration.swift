import KelvinIO

/// What a Hugging Face `config.json` says about a decoder-only transformer, checked.
///
/// Only the keys the runtime uses are read; each is checked against the range the runtime
/// supports before anything is allocated, and an error names the file, the key and the value.
/// Both spellings of the rotary settings are read: transformers 5's `rope_parameters` and the
/// older `rope_theta` with `rope_scaling`.
public struct ModelConfiguration: Sendable, Equatable {
  /// The architectures Kelvin runs.
  public enum Architecture: String, Sendable, CaseIterable {
    /// `GPT2LMHeadModel`: learned positions, LayerNorm, GELU (tanh form), tied embeddings.
    case gpt2 = "GPT2LMHeadModel"
    /// `LlamaForCausalLM`: RMSNorm, rotary positions, grouped-query attention, SiLU-gated
    /// feed-forward; optional biases (`attention_bias`, `mlp_bias`).
    case llama = "LlamaForCausalLM"
    /// `MistralForCausalLM`: Llama's layers (a sliding window is not supported).
    case mistral = "MistralForCausalLM"
    /// `Qwen2ForCausalLM`: Llama's layers with biases on the query, key and value projections.
    case qwen2 = "Qwen2ForCausalLM"

    /// Whether the architecture is a Llama-family one (RMSNorm, rotary positions).
    public var isLlamaFamily: Bool { self != .gpt2 }
  }

  /// How rotary position embeddings scale their frequencies.
  public enum RotaryScaling: Sendable, Equatable {
    /// The frequencies as computed.
    case none
    /// Positions divided by `factor` (`rope_type: linear`).
    case linear(factor: Double)
    /// Llama 3's scaling (`rope_type: llama3`): low frequencies divided by `factor`, high ones
    /// kept, a smooth blend between.
    case llama3(
      factor: Double, lowFrequencyFactor: Double, highFrequencyFactor: Double,
      originalPositions: Int)
  }

  /// The architecture (`architectures[0]`).
  public var architecture: Architecture
  /// The number of tokens (`vocab_size`).
  public var vocabularySize: Int
  /// The width of the residual stream (`n_embd`, `hidden_size`).
  public var hiddenSize: Int
  /// The number of blocks (`n_layer`, `num_hidden_layers`).
  public var layers: Int
  /// The number of query heads (`n_head`, `num_attention_heads`).
  public var heads: Int
  /// The number of key-value heads (`num_key_value_heads`; ``heads`` for GPT-2); divides
  /// ``heads``.
  public var keyValueHeads: Int
  /// The width of a head (`head_dim`, or ``hiddenSize`` / ``heads``).
  public var headSize: Int
  /// The width of the feed-forward layer (`n_inner` or 4 × ``hiddenSize``; `intermediate_size`).
  public var intermediateSize: Int
  /// The longest context (`n_positions`, `max_position_embeddings`).
  public var maximumPositions: Int
  /// The normalisation epsilon (`layer_norm_epsilon`, `rms_norm_eps`).
  public var normEpsilon: Double
  /// The rotary base (`rope_theta`; unused by GPT-2).
  public var rotaryBase: Double
  /// The rotary scaling.
  public var rotaryScaling: RotaryScaling
  /// Whether the output layer is the token embedding (`tie_word_embeddings`).
  public var tiesEmbeddings: Bool
  /// Whether the query, key and value projections have biases.
  public var hasAttentionBias: Bool
  /// Whether the attention's output projection has a bias.
  public var hasOutputBias: Bool
  /// Whether the feed-forward projections have biases.
  public var hasFeedForwardBias: Bool
  /// The end-of-sequence token (`eos_token_id`, the first of a list), if any.
  public var endOfSequence: Int?

  /// The most of each size this machine is asked to hold: 2²⁰ tokens, a width of 2¹⁶, 1,024
  /// layers, 2¹⁸ positions.
  public static let limits = (
    vocabulary: 1 << 20, width: 1 << 16, layers: 1_024, positions: 1 << 18
  )

  /// Reads `config.json`.
  ///
  /// - Parameters:
  ///   - bytes: The file's contents.
  ///   - path: The file's name, for messages.
  /// - Throws: ``KelvinIOError/malformed(_:_:)`` naming the key and the value: an unknown
  ///   architecture, a missing or out-of-range size, heads that do not divide, an unsupported
  ///   activation or rotary scaling, a sliding window.
  public init(json bytes: [UInt8], path: String) throws {
    let root: JSONNode
    do {
      root = try JSONParser.parse(bytes)
    } catch {
      throw KelvinIOError.malformed(path, "\(error)")
    }
    guard case .object = root else { throw KelvinIOError.malformed(path, "not a JSON object") }
    let reader = ConfigurationReader(root: root, path: path)
    guard let names = root["architectures"]?.elements, let first = names.first,
      case .string(let name) = first
    else { throw reader.fail("architectures", "missing (a list naming the model class)") }
    guard let architecture = Architecture(rawValue: name) else {
      throw reader.fail(
        "architectures[0]",
        "\(name) is not supported (supported: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")))"
      )
    }
    self.architecture = architecture
    let limits = Self.limits
    vocabularySize = try reader.integer("vocab_size", 1...limits.vocabulary)
    if architecture == .gpt2 {
      hiddenSize = try reader.integer("n_embd", 1...limits.width)
      layers = try reader.integer("n_layer", 1...limits.layers)
      heads = try reader.integer("n_head", 1...limits.width)
      keyValueHeads = heads
      guard hiddenSize % heads == 0 else {
        throw reader.fail("n_head", "\(heads) does not divide n_embd \(hiddenSize)")
      }
      headSize = hiddenSize / heads
      intermediateSize =
        try reader.optionalInteger("n_inner", 1...(4 * limits.width)) ?? 4 * hiddenSize
      maximumPositions = try reader.integer("n_positions", 1...limits.positions)
      normEpsilon = try reader.number("layer_norm_epsilon", default: 1e-5)
      try reader.activation("activation_function", ["gelu_new", "gelu_pytorch_tanh"])
      if root["tie_word_embeddings"] == .bool(false) {
        throw reader.fail("tie_word_embeddings", "false is not supported for GPT2LMHeadModel")
      }
      tiesEmbeddings = true
      (hasAttentionBias, hasOutputBias, hasFeedForwardBias) = (true, true, true)
      rotaryBase = 0
      rotaryScaling = .none
    } else {
      hiddenSize = try reader.integer("hidden_size", 1...limits.width)
      layers = try reader.integer("num_hidden_layers", 1...limits.layers)
      heads = try reader.integer("num_attention_heads", 1...limits.width)
      keyValueHeads =
        try reader.optionalInteger("num_key_value_heads", 1...limits.width) ?? heads
      guard heads % keyValueHeads == 0 else {
        throw reader.fail(
          "num_key_value_heads", "\(keyValueHeads) does not divide num_attention_heads \(heads)")
      }
      if let size = try reader.optionalInteger("head_dim", 2...limits.width) {
        headSize = size
      } else {
        guard hiddenSize % heads == 0 else {
          throw reader.fail(
            "num_attention_heads", "\(heads) does not divide hidden_size \(hiddenSize)")
        }
        headSize = hiddenSize / heads
      }
      guard headSize % 2 == 0 else {
        throw reader.fail("head_dim", "\(headSize) is odd; rotary embeddings need pairs")
      }
      intermediateSize = try reader.integer("intermediate_size", 1...(16 * limits.width))
      maximumPositions = try reader.integer("max_position_embeddings", 1...limits.positions)
      normEpsilon = try reader.number("rms_norm_eps", default: 1e-6)
      try reader.activation("hidden_act", ["silu"])
      tiesEmbeddings = root["tie_word_embeddings"] == .bool(true)
      let attentionBias = root["attention_bias"] == .bool(true)
      hasAttentionBias = architecture == .qwen2 || attentionBias
      hasOutputBias = architecture != .qwen2 && attentionBias
      hasFeedForwardBias = root["mlp_bias"] == .bool(true)
      if architecture == .qwen2, root["use_sliding_window"] == .bool(true) {
        throw reader.fail("use_sliding_window", "true is not supported (no sliding window)")
      }
      if architecture == .mistral, let window = root["sliding_window"], window != .null {
        throw reader.fail("sliding_window", "\(window.serialized) is not supported (null only)")
      }
      (rotaryBase, rotaryScaling) = try reader.rotary()
    }
    endOfSequence = try reader.endOfSequence(vocabularySize: vocabularySize)
  }
}

/// Typed reads from a `config.json`, with errors that name the file, the key and the value.
struct ConfigurationReader {
  let root: JSONNode
  let path: String

  func fail(_ key: String, _ problem: String) -> KelvinIOError {
    KelvinIOError.malformed(path, "\(key): \(problem)")
  }

  func integer(_ key: String, _ range: ClosedRange<Int>, in node: JSONNode? = nil) throws -> Int {
    guard let value = (node ?? root)[key] else { throw fail(key, "missing") }
    return try integer(key, value, range)
  }

  func integer(_ key: String, _ value: JSONNode, _ range: ClosedRange<Int>) throws -> Int {
    guard let integer = value.exactNonNegativeInteger, range.contains(integer) else {
      throw fail(
        key,
        "must be a whole number in \(range.lowerBound)…\(range.upperBound), got \(value.serialized)"
      )
    }
    return integer
  }

  func optionalInteger(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
    guard let value = root[key], value != .null else { return nil }
    return try integer(key, value, range)
  }

  func number(_ key: String, default value: Double, in node: JSONNode? = nil) throws -> Double {
    guard let found = (node ?? root)[key], found != .null else { return value }
    guard case .number(let number, _) = found, number > 0, number.isFinite else {
      throw fail(key, "must be a finite number > 0, got \(found.serialized)")
    }
    return number
  }

  func activation(_ key: String, _ supported: [String]) throws {
    guard let node = root[key] else { return }
    guard case .string(let name) = node, supported.contains(name) else {
      throw fail(
        key, "\(node.serialized) is not supported (\(supported.joined(separator: ", ")))")
    }
  }

  /// `eos_token_id`: one id, or the first of a list, in the vocabulary.
  func endOfSequence(vocabularySize: Int) throws -> Int? {
    guard let node = root["eos_token_id"], node != .null else { return nil }
    if let list = node.elements {
      guard let first = list.first else { return nil }
      return try integer("eos_token_id[0]", first, 0...(vocabularySize - 1))
    }
    return try integer("eos_token_id", node, 0...(vocabularySize - 1))
  }

  /// The rotary base and scaling, from `rope_parameters` or `rope_theta` and `rope_scaling`.
  func rotary() throws -> (Double, ModelConfiguration.RotaryScaling) {
    let parameters = root["rope_parameters"].flatMap { $0 == .null ? nil : $0 }
    let scaling = parameters ?? root["rope_scaling"].flatMap { $0 == .null ? nil : $0 }
    let key = parameters == nil ? "rope_scaling" : "rope_parameters"
    let base = try number("rope_theta", default: 10_000, in: parameters ?? root)
    guard let scaling else { return (base, .none) }
    guard case .object = scaling else { throw fail(key, "must be an object") }
    let typeNode = scaling["rope_type"] ?? scaling["type"] ?? .string("default")
    guard case .string(let type) = typeNode else {
      throw fail(key + ".rope_type", "must be a string, got \(typeNode.serialized)")
    }
    switch type {
    case "default": return (base, .none)
    case "linear":
      return (base, .linear(factor: try number("factor", default: 1, in: scaling)))
    case "llama3":
      let low = try number("low_freq_factor", default: 1, in: scaling)
      let high = try number("high_freq_factor", default: 4, in: scaling)
      guard high > low else {
        throw fail(key + ".high_freq_factor", "\(high) must exceed low_freq_factor \(low)")
      }
      return (
        base,
        .llama3(
          factor: try number("factor", default: 8, in: scaling),
          lowFrequencyFactor: try number("low_freq_factor", default: 1, in: scaling),
          highFrequencyFactor: try number("high_freq_factor", default: 4, in: scaling),
          originalPositions: try integer(
            "original_max_position_embeddings", 1...ModelConfiguration.limits.positions,
            in: scaling))
      )
    default:
      throw fail(
        key + ".rope_type", "\(type) is not supported (default, linear, llama3)")
    }
  }
}
