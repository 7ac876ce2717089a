// PLACEHOLDER being written in this session.
int main() { return 0; }
