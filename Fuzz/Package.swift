// swift-tools-version: 6.0
// Fuzz targets for Kelvin's file readers. A separate package (so that the main package never
// carries unsafe flags): build and run with Fuzz/run.sh.
import PackageDescription

let fuzzerSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "KelvinFuzz",
  dependencies: [.package(name: "Kelvin", path: "..")],
  targets: [
    .executableTarget(
      name: "FuzzNpy", dependencies: [.product(name: "Kelvin", package: "Kelvin")],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzSafetensors", dependencies: [.product(name: "Kelvin", package: "Kelvin")],
      swiftSettings: fuzzerSettings),
    .executableTarget(
      name: "FuzzText", dependencies: [.product(name: "Kelvin", package: "Kelvin")],
      swiftSettings: fuzzerSettings),
  ],
  swiftLanguageModes: [.v6]
)
