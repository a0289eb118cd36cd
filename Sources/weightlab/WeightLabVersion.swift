/// The version recorded in every file and report WeightLab writes.
enum WeightLabVersion {
    static let string = "0.1.0"
}
