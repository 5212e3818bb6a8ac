import KelvinIO

/// What a Hugging Face `config.json` says about a decoder-only transformer, checked.
///
/// Only the keys the runtime uses are read; each is checked against the range the runtime
/// supports before anything is allocated, and an error names the file, the key and the value.
public struct ModelConfiguration: Sendable, Equatable {
  /// The architectures Kelvin runs.
  public enum Architecture: String, Sendable, CaseIterable {
    /// `GPT2LMHeadModel`: learned positions, LayerNorm, GELU (tanh form), tied embeddings.
    case gpt2 = "GPT2LMHeadModel"
  }

  /// The architecture (`architectures[0]`).
  public var architecture: Architecture
  /// The number of tokens (`vocab_size`).
  public var vocabularySize: Int
  /// The width of the residual stream (`n_embd`).
  public var hiddenSize: Int
  /// The number of blocks (`n_layer`).
  public var layers: Int
  /// The number of attention heads (`n_head`); divides ``hiddenSize``.
  public var heads: Int
  /// The width of the feed-forward layer (`n_inner`, or 4 × ``hiddenSize``).
  public var intermediateSize: Int
  /// The longest context (`n_positions`).
  public var maximumPositions: Int
  /// The LayerNorm epsilon (`layer_norm_epsilon`).
  public var normEpsilon: Double
  /// The end-of-sequence token (`eos_token_id`), if any.
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
  ///   architecture, a missing or out-of-range size, heads that do not divide the width, an
  ///   unsupported activation.
  public init(json bytes: [UInt8], path: String) throws {
    let root: JSONNode
    do {
      root = try JSONParser.parse(bytes)
    } catch {
      throw KelvinIOError.malformed(path, "\(error)")
    }
    guard case .object = root else { throw KelvinIOError.malformed(path, "not a JSON object") }
    func fail(_ key: String, _ problem: String) -> KelvinIOError {
      KelvinIOError.malformed(path, "\(key): \(problem)")
    }
    func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
      guard let node = root[key] else { throw fail(key, "missing") }
      guard let value = node.exactNonNegativeInteger, range.contains(value) else {
        throw fail(
          key,
          "must be a whole number in \(range.lowerBound)…\(range.upperBound), got \(node.serialized)"
        )
      }
      return value
    }
    guard let names = root["architectures"]?.elements, let first = names.first,
      case .string(let name) = first
    else { throw fail("architectures", "missing (a list naming the model class)") }
    guard let architecture = Architecture(rawValue: name) else {
      throw fail(
        "architectures[0]",
        "\(name) is not supported (supported: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")))"
      )
    }
    self.architecture = architecture
    vocabularySize = try integer("vocab_size", 1...Self.limits.vocabulary)
    hiddenSize = try integer("n_embd", 1...Self.limits.width)
    layers = try integer("n_layer", 1...Self.limits.layers)
    heads = try integer("n_head", 1...Self.limits.width)
    guard hiddenSize % heads == 0 else {
      throw fail("n_head", "\(heads) does not divide n_embd \(hiddenSize)")
    }
    if let inner = root["n_inner"], inner != .null {
      intermediateSize = try integer("n_inner", 1...(4 * Self.limits.width))
    } else {
      intermediateSize = 4 * hiddenSize
    }
    maximumPositions = try integer("n_positions", 1...Self.limits.positions)
    if let node = root["layer_norm_epsilon"] {
      guard case .number(let value, _) = node, value > 0, value < 1 else {
        throw fail("layer_norm_epsilon", "must be a number in (0, 1), got \(node.serialized)")
      }
      normEpsilon = value
    } else {
      normEpsilon = 1e-5
    }
    if let node = root["activation_function"] {
      guard case .string(let activation) = node,
        activation == "gelu_new" || activation == "gelu_pytorch_tanh"
      else {
        throw fail(
          "activation_function", "\(node.serialized) is not supported (gelu_new, gelu_pytorch_tanh)"
        )
      }
    }
    if let node = root["tie_word_embeddings"], node == .bool(false) {
      throw fail("tie_word_embeddings", "false is not supported for GPT2LMHeadModel")
    }
    if let node = root["eos_token_id"], node != .null {
      endOfSequence = try integer("eos_token_id", 0...(vocabularySize - 1))
    } else {
      endOfSequence = nil
    }
  }
}
