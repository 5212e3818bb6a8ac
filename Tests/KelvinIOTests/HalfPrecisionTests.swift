import KelvinIO
import Testing

/// Swift's own `Float16` (LLVM's conversions, correctly rounded) is the independent reference
/// where the platform has it.
@Suite("half precision")
struct HalfPrecisionTests {
  #if !(os(macOS) && arch(x86_64))
    @Test("half → float is exact for all 65,536 bit patterns")
    func widenExhaustive() {
      for bits in UInt16.min...UInt16.max {
        let reference = Float(Float16(bitPattern: bits))
        let actual = HalfPrecision.float(fromHalf: bits)
        #expect(actual.bitPattern == reference.bitPattern || (actual.isNaN && reference.isNaN))
        if actual.bitPattern != reference.bitPattern && !(actual.isNaN && reference.isNaN) {
          Issue.record("half bits \(bits)")
          return
        }
      }
    }

    @Test("double → half rounds to nearest even like Float16(Double), on 200,000 values")
    func narrowMatchesReference() {
      var state: UInt64 = 0x9E37_79B9_7F4A_7C15
      var mismatches = 0
      for index in 0..<200_000 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        // Spread magnitudes over the whole half range and beyond, both signs.
        let exponent = Double(Int(state >> 58)) - 30  // -30 … 33
        let mantissa = Double(state >> 11 & 0xFFFF_FFFF) / 0x1p32 + 1
        let value = (index % 2 == 0 ? 1.0 : -1.0) * mantissa * Double.pow2(exponent)
        if HalfPrecision.halfBits(from: value) != Float16(value).bitPattern { mismatches += 1 }
      }
      #expect(mismatches == 0)
    }

    @Test("ties between neighbouring halves round to even; every half round-trips")
    func tiesAndRoundTrips() {
      for bits in UInt16(0)..<0x7C00 {
        let value = Double(HalfPrecision.float(fromHalf: bits))
        #expect(HalfPrecision.halfBits(from: value) == bits)
        let next = Double(HalfPrecision.float(fromHalf: bits + 1))
        let midpoint = (value + next) / 2
        let expected = bits % 2 == 0 ? bits : bits + 1
        if HalfPrecision.halfBits(from: midpoint) != expected {
          Issue.record("tie after half bits \(bits)")
          return
        }
      }
    }
  #endif

  @Test("edges: overflow to infinity at 65520, subnormals, NaN and signed zero")
  func edges() {
    #expect(HalfPrecision.halfBits(from: 65504) == 0x7BFF)
    #expect(HalfPrecision.halfBits(from: 65519.99) == 0x7BFF)
    #expect(HalfPrecision.halfBits(from: 65520) == 0x7C00)
    #expect(HalfPrecision.halfBits(from: -1e10) == 0xFC00)
    #expect(HalfPrecision.halfBits(from: 0x1p-24) == 0x0001)
    #expect(HalfPrecision.halfBits(from: 0x1p-25) == 0x0000)  // tie to even: 0
    #expect(HalfPrecision.halfBits(from: 0x1.8p-25) == 0x0001)
    #expect(HalfPrecision.halfBits(from: -0.0) == 0x8000)
    #expect(HalfPrecision.float(fromHalf: HalfPrecision.halfBits(from: .nan)).isNaN)
    #expect(HalfPrecision.float(fromHalf: 0x7C00) == .infinity)
    #expect(HalfPrecision.float(fromBFloat16: 0x3FC0) == 1.5)
    #expect(HalfPrecision.float(fromBFloat16: 0xFF80) == -.infinity)
    #expect(HalfPrecision.float(fromBFloat16: 0x7FC0).isNaN)
  }
}

extension Double {
  static func pow2(_ exponent: Double) -> Double {
    Double(sign: .plus, exponent: Int(exponent), significand: 1)
  }
}
