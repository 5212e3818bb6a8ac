import Foundation
import KelvinIO
import Testing

@Suite("JSON node encoder")
struct JSONNodeEncoderTests {
  struct Inner: Encodable {
    let name: String
    let flags: [Bool]
  }

  struct Document: Encodable {
    let zebra: Int
    let alpha: Double
    let missing: Double?
    @EncodedAsNull var absent: Double?
    @EncodedAsNull var present: Double?
    let big: UInt64
    let negative: Int32
    let nested: Inner
    let values: [Double]
    let matrix: [[Int]]
    let text: String?

    enum CodingKeys: String, CodingKey {
      case zebra, alpha, missing, absent, present, big, negative, nested, values, matrix
      case text = "the_text"
    }
  }

  @Test("members keep the order of encoding; nil is left out, or null when wrapped")
  func document() throws {
    let value = Document(
      zebra: 3, alpha: 0.1, missing: nil, absent: nil, present: 2.5,
      big: UInt64.max, negative: -7, nested: Inner(name: "τ \"q\"", flags: [true, false]),
      values: [1, .nan, 1e-300], matrix: [[1, 2], []], text: "x")
    let text = try JSONNodeEncoder.encode(value).serialized
    // Written by hand from the definitions: key order as CodingKeys, shortest Double
    // spellings, non-finite as null, UInt64.max exactly.
    #expect(
      text
        == #"{"zebra":3,"alpha":0.1,"absent":null,"present":2.5,"big":18446744073709551615,"negative":-7,"nested":{"name":"τ \"q\"","flags":[true,false]},"values":[1,null,1e-300],"matrix":[[1,2],[]],"the_text":"x"}"#
    )
    // And Foundation's parser reads it as the same document.
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(parsed?["zebra"] as? Int == 3)
    #expect(parsed?.keys.contains("missing") == false)
  }

  @Test("top-level values of every kind")
  func scalars() throws {
    #expect(try JSONNodeEncoder.encode(42).serialized == "42")
    #expect(try JSONNodeEncoder.encode("a").serialized == #""a""#)
    #expect(try JSONNodeEncoder.encode([0.5, 2]).serialized == "[0.5,2]")
    #expect(try JSONNodeEncoder.encode(["k": 1]).serialized == #"{"k":1}"#)
    #expect(try JSONNodeEncoder.encode(Float(0.25)).serialized == "0.25")
  }
}
