import KelvinCore
import KelvinText
import Testing

/// A small catalog in the shape of the real ones: a scaled value with a default and a
/// variadic list.
enum DemoCatalog {
  static let factor = SpecificationParameter(
    "factor", .number(.finiteAbove(0)), default: 2, aliases: ["f"])
  static let offset = SpecificationParameter("offset", .integer(0...9), default: 0)
  static let values = SpecificationParameter<[Int]>.variadic(
    "values", .integer(0...99), count: 1...4)

  static let catalog = SpecificationCatalog<String>(
    kind: "demo",
    forms: [
      SpecificationForm(
        "scale", summary: "factor · x + offset", parameters: [factor.erased, offset.erased]
      ) {
        "scale \($0[factor]) \($0[offset])"
      },
      SpecificationForm("sum", summary: "the sum", parameters: [values.erased]) {
        "sum \($0[values].reduce(0, +))"
      },
    ])

  static func build(_ text: String) throws -> String {
    try catalog.build(try Specification.parse(text)[0])
  }
}

@Suite("specification catalogs")
struct SpecificationCatalogTests {
  @Test("values bind by position, by name and by alias; defaults fill the rest")
  func binding() throws {
    #expect(try DemoCatalog.build("scale") == "scale 2.0 0")
    #expect(try DemoCatalog.build("scale=3") == "scale 3.0 0")
    #expect(try DemoCatalog.build("scale(3,4)") == "scale 3.0 4")
    #expect(try DemoCatalog.build("scale(offset=4)") == "scale 2.0 4")
    #expect(try DemoCatalog.build("scale(f=0.5)") == "scale 0.5 0")
    #expect(try DemoCatalog.build("sum(1,2,3)") == "sum 6")
  }

  @Test(
    "binding errors name the item, the key, the value and the rule",
    arguments: [
      ("scale=0", "scale=0: factor must be a number > 0 and finite, got '0'"),
      ("scale(offset=10)", "scale(offset=10): offset must be a whole number from 0 to 9, got '10'"),
      (
        "scale(offst=1)",
        "scale(offst=1): scale has no parameter 'offst' (did you mean 'offset'?); its parameters: factor, offset"
      ),
      ("scale(1,2,3)", "scale(1,2,3): scale takes at most 2 values without names, got 3"),
      ("scale(factor=1,factor=2)", "scale(factor=1,factor=2): factor is given twice"),
      (
        "scale(offset=1,2)",
        "scale(offset=1,2): values without a name must come before named ones ('2')"
      ),
      ("scale(f(1))", "scale(f(1)): factor must be a number > 0 and finite, got 'f(1)'"),
      ("sum()", "sum(): sum takes at least 1 and at most 4 values, got 0"),
      ("sum(1,x)", "sum(1,x): value 2 must be a whole number from 0 to 99, got 'x'"),
      ("scal(1)", "scal(1): unknown demo 'scal' (did you mean 'scale'?); known: scale, sum"),
    ])
  func errors(text: String, message: String) {
    do {
      _ = try DemoCatalog.build(text)
      Issue.record("'\(text)' built")
    } catch {
      #expect("\(error)" == message)
    }
  }

  @Test("a form's synopsis shows its defaults")
  func synopsis() {
    #expect(
      DemoCatalog.catalog.forms.map(\.synopsis) == ["scale(factor=2, offset=0)", "sum(values…)"])
  }
}
