import Foundation
import KelvinIO
import Testing

@testable import KelvinModels

@Suite("model configuration")
struct ModelConfigurationTests {
  static let llama = """
    {"architectures":["LlamaForCausalLM"],"vocab_size":100,"hidden_size":32,
    "intermediate_size":64,"num_hidden_layers":2,"num_attention_heads":4,
    "num_key_value_heads":2,"max_position_embeddings":64,"rms_norm_eps":1e-5,
    "rope_theta":500000.0,"rope_scaling":{"type":"linear","factor":4.0},
    "eos_token_id":[7,9],"tie_word_embeddings":false}
    """

  static func read(_ text: String) throws -> ModelConfiguration {
    try ModelConfiguration(json: Array(text.utf8), path: "config.json")
  }

  /// The message of the error reading `text`, or "" when it is accepted.
  static func message(_ text: String) -> String {
    do {
      _ = try read(text)
      return ""
    } catch {
      return "\(error)"
    }
  }

  @Test("the older spelling (rope_theta, rope_scaling.type, a list of eos ids) reads as written")
  func olderSpelling() throws {
    let configuration = try Self.read(Self.llama)
    #expect(configuration.architecture == .llama)
    #expect(configuration.keyValueHeads == 2 && configuration.headSize == 8)
    #expect(configuration.rotaryBase == 500_000)
    #expect(configuration.rotaryScaling == .linear(factor: 4))
    #expect(configuration.endOfSequence == 7)
    #expect(!configuration.tiesEmbeddings && !configuration.hasAttentionBias)
  }

  @Test("every fixture's config.json (transformers 5's rope_parameters) reads")
  func fixtures() throws {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    for name in ["gpt2-tiny", "llama-tiny", "qwen2-tiny", "mistral-bf16-tiny"] {
      let url = root.appendingPathComponent(name).appendingPathComponent("config.json")
      let configuration = try ModelConfiguration(
        json: Array(try Data(contentsOf: url)), path: url.path)
      #expect(configuration.layers == 2, "\(name)")
    }
  }

  @Test(
    "a bad key is an error naming it and its value",
    arguments: [
      ("\"LlamaForCausalLM\"", "\"BertModel\"", "architectures[0]: BertModel is not supported"),
      (
        "\"num_key_value_heads\":2", "\"num_key_value_heads\":3",
        "num_key_value_heads: 3 does not divide"
      ),
      ("\"hidden_size\":32", "\"hidden_size\":1e9", "hidden_size: must be a whole number"),
      ("\"vocab_size\":100,", "", "vocab_size: missing"),
      ("\"type\":\"linear\"", "\"type\":\"yarn\"", "rope_scaling.rope_type: yarn is not supported"),
      ("\"rms_norm_eps\":1e-5", "\"rms_norm_eps\":-1", "rms_norm_eps: must be a finite number > 0"),
      (
        "\"eos_token_id\":[7,9]", "\"eos_token_id\":100",
        "eos_token_id: must be a whole number in 0…99"
      ),
    ])
  func refusals(from original: String, to replacement: String, says expected: String) {
    let text = Self.llama.replacingOccurrences(of: original, with: replacement)
    #expect(text != Self.llama)
    let message = Self.message(text)
    #expect(message.hasPrefix("config.json: " + expected), "\(message)")
  }

  @Test("not JSON, not an object, no architectures: errors naming the file")
  func malformed() {
    #expect(Self.message("{").hasPrefix("config.json: invalid JSON"))
    #expect(Self.message("[]") == "config.json: not a JSON object")
    #expect(Self.message("{}").hasPrefix("config.json: architectures: missing"))
  }
}
