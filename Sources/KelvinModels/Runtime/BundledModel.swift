import Foundation
import KelvinIO

/// The small GPT-2 that ships with Kelvin.
///
/// 2.0 M parameters in f16 (4.0 MB), trained with
/// transformers on the bundled corpus (five books of the King James Version) for 16 minutes
/// of this machine's CPU by `tools/models/train_bundled.py`, with a 1,024-token byte-level BPE
/// trained on the same text; 128 positions. On the held-out Isaiah 40–55 its perplexity is
/// 3.11 per character (the built-in 6-gram's: 3.30).
public enum BundledModel {
  /// The name that selects it where a model directory is asked for (`--model builtin-gpt2`).
  public static let name = "builtin-gpt2"

  /// The directory of the bundled checkpoint (config.json, model.safetensors, tokenizer.json).
  ///
  /// - Throws: ``KelvinIOError`` `.missingInput` when the installation lacks it.
  public static func directory() throws -> String {
    guard let url = Bundle.module.url(forResource: "kelvin-gpt2", withExtension: nil) else {
      throw KelvinIOError(
        .missingInput, path: "kelvin-gpt2", "the bundled model is missing from the installation")
    }
    return url.path
  }
}
