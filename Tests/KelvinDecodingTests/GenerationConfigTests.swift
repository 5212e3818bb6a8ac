import Foundation
import KelvinIO
import KelvinSampling
import Testing

@testable import KelvinDecoding

/// `GenerationConfig`: the keys, types and ranges transformers' `GenerationConfig` reads, and
/// the chain its `_get_logits_processor` builds (processors, then warpers only when
/// `do_sample`, each only when it changes anything), written here from transformers' source.
@Suite("GenerationConfig")
struct GenerationConfigTests {
  static func config(_ text: String) throws -> GenerationConfig {
    try GenerationConfig(json: Array(text.utf8), path: "generation_config.json")
  }

  @Test("an empty file is transformers' default: greedy decoding, nothing else")
  func defaults() throws {
    let config = try Self.config("{}")
    #expect(config == GenerationConfig())
    #expect(try config.chain().specification == "greedy")
    // do_sample alone: top_k = 50 is transformers' default warper.
    let sampled = try Self.config(#"{"do_sample": true}"#)
    #expect(try sampled.chain().specification == "top_k(k=50,keep_ties=1,min_keep=1);dist")
  }

  @Test("every read key lands in transformers' order; other keys are listed as ignored")
  func order() throws {
    let config = try Self.config(
      """
      {"eta_cutoff": 0.001, "epsilon_cutoff": 0.0003, "typical_p": 0.9, "min_p": 0.05,
       "top_p": 0.95, "top_k": 20, "temperature": 0.7, "min_new_tokens": 4,
       "bad_words_ids": [[7], [3, 4], [2]], "no_repeat_ngram_size": 3,
       "repetition_penalty": 1.2, "do_sample": true, "eos_token_id": [2, 9],
       "max_new_tokens": 64, "bos_token_id": 1, "transformers_version": "4.46.0",
       "pad_token_id": null}
      """)
    #expect(config.maxNewTokens == 64)
    #expect(config.ignoredKeys == ["bos_token_id", "transformers_version", "pad_token_id"])
    #expect(config.unusedKeys.isEmpty)
    let expected = [
      "penalties(last_n=-1,repeat=1.2,frequency=0,presence=0,prompt=counted)",
      "no_repeat_ngram=3",
      // [2] is one end-of-sequence token: transformers drops it from the banned list.
      "bad_words(sequences=7|3:4)",
      "min_tokens(n=4,eos=2)", "min_tokens(n=4,eos=9)",
      "temperature=0.7", "top_k(k=20,keep_ties=1,min_keep=1)", "top_p(p=0.95,min_keep=1)",
      "min_p(p=0.05,min_keep=1)", "typical_p(p=0.9,keep_ties=1,min_keep=1)",
      "epsilon(e=0.0003,min_keep=1)", "eta(e=0.001,min_keep=1)", "dist",
    ]
    #expect(try config.chain().specification == expected.joined(separator: ";"))
    // The caller's end of sequence replaces the file's.
    let own = try config.chain(endOfSequence: [0]).specification
    #expect(own.contains("bad_words(sequences=7|3:4|2)") && own.contains("min_tokens(n=4,eos=0);"))
  }

  @Test("do_sample false: greedy, the processors still apply, set warpers are reported unused")
  func greedy() throws {
    let config = try Self.config(
      #"{"do_sample": false, "temperature": 0.6, "top_p": 0.9, "repetition_penalty": 1.1}"#)
    #expect(config.unusedKeys == ["temperature", "top_p"])
    // Temperature 0 means greedy to many users: accepted where it is unused, as transformers does.
    let zero = try Self.config(#"{"temperature": 0}"#)
    #expect(try zero.chain().specification == "greedy" && zero.unusedKeys == ["temperature"])
    #expect(
      try config.chain().specification
        == "penalties(last_n=-1,repeat=1.1,frequency=0,presence=0,prompt=counted);greedy")
  }

  @Test("overrides replace the file's values, as generate(temperature=…) does")
  func overrides() throws {
    let config = try Self.config(#"{"do_sample": true, "temperature": 0.6, "top_k": 0}"#)
    let changed = try config.overridden(by: SamplerSettings(temperature: 1.3, topP: 0.5))
    #expect(changed.temperature == 1.3 && changed.topP == 0.5 && changed.topK == 0)
    #expect(try changed.chain().specification == "temperature=1.3;top_p(p=0.5,min_keep=1);dist")
    #expect(throws: SamplingError.self) {
      try config.overridden(by: SamplerSettings(temperature: 0))
    }
  }

  @Test(
    "wrong types and ranges are errors naming the key and the value",
    arguments: [
      (#"{"top_k": 1.5}"#, "top_k"), (#"{"top_k": -1}"#, "top_k"),
      (#"{"do_sample": "yes"}"#, "do_sample"),
      (#"{"do_sample": true, "temperature": 0}"#, "temperature"),
      (#"{"temperature": -1}"#, "temperature"),
      (#"{"temperature": "hot"}"#, "temperature"), (#"{"top_p": 1.5}"#, "top_p"),
      (#"{"typical_p": 0}"#, "typical_p"), (#"{"epsilon_cutoff": 1}"#, "epsilon_cutoff"),
      (#"{"repetition_penalty": 0}"#, "repetition_penalty"),
      (#"{"max_new_tokens": 0}"#, "max_new_tokens"),
      (#"{"bad_words_ids": [[]]}"#, "bad_words_ids"), (#"{"bad_words_ids": [1]}"#, "bad_words_ids"),
      (#"{"eos_token_id": [1, "2"]}"#, "eos_token_id"), (#"{"min_p": true}"#, "min_p"),
    ])
  func refused(text: String, key: String) throws {
    do {
      _ = try Self.config(text)
      Issue.record("accepted \(text)")
    } catch let error as KelvinIOError {
      #expect(error.kind == .malformed && error.problem.hasPrefix(key + " must be"), "\(error)")
    }
  }

  @Test("a root that is not an object and invalid JSON are malformed files")
  func malformed() throws {
    for text in ["[1]", "{", "\"x\"", "{\"a\": 1, \"a\": 2}"] {
      #expect(throws: KelvinIOError.self) { try Self.config(text) }
    }
  }
}
