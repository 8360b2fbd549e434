fn main() {
    maqal::start();
}
