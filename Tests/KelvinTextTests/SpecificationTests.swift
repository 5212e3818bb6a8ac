import KelvinCore
import KelvinText
import Testing

@Suite("specification grammar")
struct SpecificationTests {
  @Test("items: name, name=value, name(key=value,…), nested items, words with : and |")
  func forms() throws {
    let items = try Specification.parse(
      " top_k=40 ; top_p( p = 0.9 , min_keep=2);dist, boltzmann(schedule=exp(1,0.995)),logit_bias(3:-1.5,7:-inf),dry(breakers=3|5:6),f()"
    )
    #expect(items.map(\.name) == ["top_k", "top_p", "dist", "boltzmann", "logit_bias", "dry", "f"])
    #expect(items[0].arguments == [SpecificationArgument(key: nil, value: .word("40"))])
    #expect(items[0].text == "top_k=40")
    #expect(items[1].arguments.map(\.key) == ["p", "min_keep"])
    #expect(items[1].arguments[0].value == .word("0.9"))
    guard case .item(let schedule) = items[3].arguments[0].value else {
      Issue.record("schedule is not a nested item")
      return
    }
    #expect(schedule.name == "exp" && schedule.arguments.map(\.value.text) == ["1", "0.995"])
    #expect(items[4].arguments.map(\.value.text) == ["3:-1.5", "7:-inf"])
    #expect(items[5].arguments[0].value == .word("3|5:6"))
    #expect(items[6].arguments.isEmpty)
  }

  @Test("separators are the caller's: a policy list splits at commas only")
  func separators() throws {
    #expect(try Specification.parse("a;b", separators: [";"]).count == 2)
    #expect(throws: SpecificationError.self) { try Specification.parse("a;b", separators: [","]) }
  }

  @Test(
    "malformed texts name what was expected and where",
    arguments: [
      ("", "'' is empty"), ("a;;b", "'a;;b' has an empty item (character 3)"),
      ("a(", "'a(' needs a value where 'the end' stands"),
      ("a(b=1", "'a(b=1' has '(' without its ')' (after 'a')"),
      ("a)b", "'a)b' has ')' where a separator or the end belongs (character 2)"),
      ("40", "'40' needs a name (letters, digits and _) where '40' stands (character 1)"),
      ("a=", "'a=' needs a value where 'the end' stands"),
      ("a(b=)", "'a(b=)' needs a value where ')' stands (character 5)"),
    ])
  func malformed(text: String, message: String) {
    #expect(throws: SpecificationError(syntaxOf: text, problem: "")) {
      // Compared by message below; this only checks the type.
      throw SpecificationError(syntaxOf: text, problem: "")
    }
    do {
      _ = try Specification.parse(text)
      Issue.record("'\(text)' parsed")
    } catch {
      #expect(error.description == message)
      #expect(error.isSyntaxError)
    }
  }

  @Test("hostile input is bounded: 10,000 nested groups and a megabyte fail at once")
  func hostile() {
    let nested = String(repeating: "a(", count: 10_000) + String(repeating: ")", count: 10_000)
    #expect(throws: SpecificationError.self) { try Specification.parse(nested) }
    let long = String(repeating: "a,", count: 600_000) + "a"
    #expect(throws: SpecificationError.self) { try Specification.parse(long) }
    let deep = String(repeating: "a(", count: 16) + String(repeating: ")", count: 16)
    #expect(throws: Never.self) { try Specification.parse(deep) }
  }
}
