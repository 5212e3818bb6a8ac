import KelvinCore
import KelvinSampling
import Testing

@Suite("processor catalog")
struct ProcessorCatalogTests {
  static var names: [String] { ProcessorCatalog.forms.map(\.name) }

  @Test(
    "every processor builds from its name alone, and its specification builds it again",
    arguments: names)
  func defaultsRoundTrip(name: String) throws {
    let chain = try SamplerChain(specification: name)
    let processor = try #require(chain.processors.first)
    let again = try SamplerChain(specification: processor.specification)
    #expect(again.processors.first?.specification == processor.specification)
  }

  @Test(
    "every parameter refuses the values outside its declared range, naming item and key",
    arguments: names)
  func parametersAreChecked(name: String) throws {
    let form = try #require(ProcessorCatalog.catalog.form(named: name))
    for parameter in form.parameters where !parameter.isVariadic {
      for value in ["abc", "nan", "1e400"]
      where parameter.name != "breakers" && parameter.name != "prompt" {
        let item = "\(name)(\(parameter.name)=\(value))"
        do {
          _ = try SamplerChain(specification: item)
          Issue.record("\(item) was accepted")
        } catch {
          #expect("\(error)".hasPrefix("\(item): \(parameter.name) must be "), "\(error)")
        }
      }
    }
  }

  @Test("the API refuses what the grammar refuses (the ranges are one declaration)")
  func apiAgrees() {
    let cases: [(String, () throws -> Void)] = [
      ("top_p=1.5", { _ = try TopP(1.5) }), ("min_p=-0.1", { _ = try MinP(-0.1) }),
      ("typical_p=2", { _ = try TypicalP(2) }), ("top_k=-1", { _ = try TopK(-1) }),
      ("top_h=0", { _ = try TopH(0) }), ("epsilon=1", { _ = try Epsilon(1) }),
      ("top_n_sigma=-1", { _ = try TopNSigma(-1) }),
      ("mirostat(tau=-1)", { _ = try Mirostat(tau: -1) }),
      ("mirostat_v2(eta=inf)", { _ = try MirostatV2(eta: .infinity) }),
      ("penalties(repeat=0)", { _ = try Penalties(repeat: 0) }),
      ("penalties(last_n=-2)", { _ = try Penalties(lastN: -2) }),
      ("dry(base=0.5)", { _ = try DRY(base: 0.5) }),
      ("xtc(threshold=2)", { _ = try XTC(probability: 0.5, threshold: 2) }),
      ("dynamic_temperature(delta=-1)", { _ = try DynamicTemperature(temperature: 1, delta: -1) }),
      ("adaptive_p(target=2)", { _ = try AdaptiveP(target: 2) }),
      ("no_repeat_ngram=-1", { _ = try NoRepeatNGram(-1) }),
      ("temperature=-1", { _ = try Temperature(-1) }),
    ]
    for (specification, make) in cases {
      #expect(throws: SamplingError.self, "\(specification)") {
        try SamplerChain(specification: specification)
      }
      #expect(throws: SamplingError.self, "\(specification)") { try make() }
    }
  }

  @Test("aliases and the documented limits: t for temperature, inf for temperature, 0 switches off")
  func aliasesAndLimits() throws {
    #expect(
      try SamplerChain(specification: "temperature(t=0.5)").specification == "temperature=0.5;dist")
    #expect(
      try SamplerChain(specification: "temperature=inf").specification == "temperature=inf;dist")
    for off in [
      "top_k=0", "top_p=1", "min_p=0", "typical_p=1", "top_n_sigma=0", "no_repeat_ngram=0",
    ] {
      var chain = try SamplerChain(specification: off)
      let survivors = try [Float(3), 1, 2].withUnsafeBufferPointer { try chain.process($0).count }
      #expect(survivors == 3, "\(off)")
    }
  }

  @Test("logit_bias entries are checked one by one, and a token biased twice is refused")
  func logitBias() {
    for (text, message) in [
      ("logit_bias(3:nan)", "value 1 must be token:bias"),
      ("logit_bias(-1:2)", "value 1 must be token:bias"),
      ("logit_bias(1:2,1:3)", "token 1 is biased twice"),
      ("logit_bias(3)", "value 1 must be token:bias"),
    ] {
      do {
        _ = try SamplerChain(specification: text)
        Issue.record("\(text) accepted")
      } catch {
        #expect("\(error)".contains(message), "\(error)")
      }
    }
  }
}
