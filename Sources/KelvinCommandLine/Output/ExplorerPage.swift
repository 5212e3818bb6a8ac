import Foundation
import Kelvin

/// The self-contained HTML page of `kelvin explore`: the bundled template with the logits,
/// the initial state and the built-in model's samples embedded as JSON.
///
/// The page computes every figure it shows in JavaScript's `Double` with the rules of
/// Kelvin's processors (docs/SAMPLING.md); `Tests/Browser/run.sh` drives it in Chromium and
/// compares what it shows with `kelvin softmax`, `thermo` and `process`.
struct ExplorerPage {
  /// The page's initial settings, which the URL fragment overrides.
  struct State {
    var temperature: Double
    var topK: Int
    var topP: Double
    var minP: Double
    var order: SamplerPreset
  }

  /// The model's texts at a grid of temperatures.
  struct Samples {
    var prompt: String
    var model: String
    var seed: UInt64
    var comparison: TemperatureComparison
  }

  /// The logits; `-inf` masks a token.
  var logits: [Double]
  /// Where the logits came from, one sentence.
  var source: String
  /// How many tokens the tables list (0: all).
  var top: Int
  var state: State
  var samples: Samples

  /// The marker in the template that the data replaces.
  static let marker = "/*KELVIN-DATA*/"

  /// The page's data, as the template's script reads it: a masked logit is `null`, τ = ∞ is
  /// the string `"inf"`.
  var data: JSONNode {
    let temperature = { (tau: Double) -> JSONNode in
      tau.isInfinite ? .string("inf") : .number(tau)
    }
    let rows: [JSONNode] = samples.comparison.rows.map { row in
      .object([
        ("temperature", temperature(row.temperature)),
        ("texts", .array(row.texts.map { .string($0) })),
        ("perplexity", .number(row.perplexity)),
      ])
    }
    return .object([
      ("logits", .numbers(logits)), ("source", .string(source)), ("top", .integer(top)),
      (
        "state",
        .object([
          ("temperature", temperature(state.temperature)), ("top_k", .integer(state.topK)),
          ("top_p", .number(state.topP)), ("min_p", .number(state.minP)),
          ("order", .string(state.order.rawValue)),
        ])
      ),
      (
        "samples",
        .object([
          ("prompt", .string(samples.prompt)), ("model", .string(samples.model)),
          ("seed", .string(String(samples.seed))), ("rows", .array(rows)),
        ])
      ),
    ])
  }

  /// The page: `template` with ``data`` in place of ``marker``.
  ///
  /// Every `<` of the JSON is written `\u003c`, so no text in it (a sample, a file name) can
  /// close the script element; `<` occurs in JSON only inside strings, where the escape
  /// reads back as the same character.
  ///
  /// - Throws: ``CommandError`` (74) when the template lacks the marker.
  func html(template: String) throws -> String {
    guard let range = template.range(of: Self.marker) else {
      throw CommandError(.ioError, "the explorer template has no \(Self.marker) marker")
    }
    let json = data.serialized.replacingOccurrences(of: "<", with: "\\u003c")
    return template.replacingCharacters(in: range, with: json)
  }

  /// The bundled template.
  ///
  /// - Throws: ``CommandError`` (74) when it is missing from the installation.
  static func template() throws -> String {
    let missing = "the explorer template (explorer.html) is missing from the installation"
    guard let url = Bundle.module.url(forResource: "explorer", withExtension: "html") else {
      throw CommandError(.ioError, missing)
    }
    do {
      return try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw CommandError(.ioError, "\(missing): \(error)")
    }
  }
}
