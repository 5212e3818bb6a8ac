import Foundation
import Kelvin

extension FuzzHarness {
  /// The fixture tokenizers (GPT-2, Llama 3, Llama 2 layouts), read once.
  static let fixtureTokenizers: [HuggingFaceTokenizer] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../../Tests/KelvinTokenizersTests/Fixtures/tokenizers")
    return ["gpt2", "llama3", "llama2", "metaspace"].compactMap {
      try? HuggingFaceTokenizer(contentsOf: folder.appendingPathComponent("\($0).json").path)
    }
  }()

  /// Reads `data` as a tokenizer.json (and encodes and decodes a text with what loads), then
  /// as text for each fixture tokenizer: encode in both modes, decode, and the ids must be in
  /// the vocabulary.
  public static func tokenizerInputs(_ data: Data) {
    let bytes = Array(data)
    if let tokenizer = try? HuggingFaceTokenizer(json: bytes, file: "fuzz.json") {
      if let ids = try? tokenizer.encode("Hello, world! 123 <s>") {
        _ = try? tokenizer.decode(ids)
      }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    for tokenizer in fixtureTokenizers {
      for options in [
        HuggingFaceTokenizer.EncodingOptions(),
        .init(parsesSpecialTokens: true, addsSpecialTokens: true),
      ] {
        guard let ids = try? tokenizer.encode(text, options: options) else { continue }
        guard ids.allSatisfy({ $0 >= 0 && $0 < tokenizer.vocabularySize }) else {
          fatalError("finding: an id outside the vocabulary of \(tokenizer.vocabularySize)")
        }
        _ = try? tokenizer.decode(ids, skipsSpecialTokens: true)
      }
    }
  }
}
