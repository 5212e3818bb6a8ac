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
  var data: PageData {
    PageData(
      logits: logits, source: source, top: top,
      state: PageData.State(
        temperature: PageData.Temperature(state.temperature), topK: state.topK, topP: state.topP,
        minP: state.minP, order: state.order.rawValue),
      samples: PageData.Samples(
        prompt: samples.prompt, model: samples.model, seed: String(samples.seed),
        rows: samples.comparison.rows.map {
          PageData.Row(
            temperature: PageData.Temperature($0.temperature), texts: $0.texts,
            perplexity: $0.perplexity)
        }))
  }

  /// The document the page's script reads.
  struct PageData: Encodable {
    /// A temperature: a number, or the string `"inf"`.
    struct Temperature: Encodable {
      let value: Double

      init(_ value: Double) { self.value = value }

      func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if value.isInfinite { try container.encode("inf") } else { try container.encode(value) }
      }
    }

    /// The opening state of the controls.
    struct State: Encodable {
      let temperature: Temperature
      let topK: Int
      let topP: Double
      let minP: Double
      let order: String

      enum CodingKeys: String, CodingKey {
        case temperature
        case topK = "top_k"
        case topP = "top_p"
        case minP = "min_p"
        case order
      }
    }

    /// One temperature of the model's samples.
    struct Row: Encodable {
      let temperature: Temperature
      let texts: [String]
      let perplexity: Double
    }

    /// The model's samples.
    struct Samples: Encodable {
      let prompt: String
      let model: String
      let seed: String
      let rows: [Row]
    }

    let logits: [Double]
    let source: String
    let top: Int
    let state: State
    let samples: Samples
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
    let json = try JSONNodeEncoder.encode(data).serialized.replacingOccurrences(
      of: "<", with: "\\u003c")
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
