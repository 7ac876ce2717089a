// Compose variable interpolation and .env parsing; no process environment is consulted, so
// imports are reproducible (the .env file is the only source of values).
#include "importers/dotenv.hpp"

#include <cctype>

#include "importers/text_checks.hpp"

namespace nanoscope::importers::detail {
namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Nested defaults deeper than this are refused rather than recursed into.
constexpr int kMaxNesting = 16;

class Interpolator {
 public:
  explicit Interpolator(const Variables& vars) : vars_(vars) {}

  void run(std::string_view text, int depth, Interpolation& out) {
    if (depth > kMaxNesting) {
      out.error = "substitutions nested too deeply";
      return;
    }
    std::size_t i = 0;
    while (i < text.size() && out.error.empty()) {
      const char c = text[i];
      if (c != '$' || i + 1 >= text.size()) {
        out.text += c;
        ++i;
        continue;
      }
      const char next = text[i + 1];
      if (next == '$') {
        out.text += '$';
        i += 2;
      } else if (next == '{') {
        i = braced(text, i + 2, depth, out);
      } else if (is_name_start(next)) {
        std::size_t j = i + 1;
        while (j < text.size() && is_name_char(text[j])) ++j;
        substitute(text.substr(i + 1, j - i - 1), out);
        i = j;
      } else {
        out.text += c;
        ++i;
      }
    }
  }

 private:
  const std::string* find(std::string_view name) const {
    auto it = vars_.find(name);
    return it == vars_.end() ? nullptr : &it->second;
  }

  void substitute(std::string_view name, Interpolation& out) {
    if (const std::string* v = find(name)) out.text += *v;
    else out.unset.emplace_back(name);
  }

  // `start` is just after "${"; returns the index after the closing brace.
  std::size_t braced(std::string_view text, std::size_t start, int depth, Interpolation& out) {
    std::size_t j = start;
    while (j < text.size() && is_name_char(text[j])) ++j;
    const std::string_view name = text.substr(start, j - start);
    if (name.empty() || !is_name_start(name.front())) {
      out.error = "invalid variable name in '${" + std::string(text.substr(start, 20)) + "'";
      return text.size();
    }
    // Find the matching close brace, counting nested "${".
    std::size_t k = j;
    int open = 1;
    while (k < text.size()) {
      if (text[k] == '$' && k + 1 < text.size() && text[k + 1] == '{') {
        ++open;
        k += 2;
        continue;
      }
      if (text[k] == '}' && --open == 0) break;
      ++k;
    }
    if (k >= text.size()) {
      out.error = "unterminated '${" + std::string(name) + "'";
      return text.size();
    }
    std::string_view op = text.substr(j, k - j);
    const std::string* value = find(name);
    if (op.empty()) {
      substitute(name, out);
      return k + 1;
    }
    const bool colon = op.front() == ':';
    if (colon) op.remove_prefix(1);
    if (op.empty()) {
      out.error = "invalid substitution '${" + std::string(text.substr(start, k - start)) + "}'";
      return text.size();
    }
    const char kind = op.front();
    const std::string_view word = op.substr(1);
    const bool present = value && !(colon && value->empty());
    switch (kind) {
      case '-':
        if (present) out.text += *value;
        else run(word, depth + 1, out);
        break;
      case '?':
        if (present) out.text += *value;
        else out.required.emplace_back(name);
        break;
      case '+':
        if (present) run(word, depth + 1, out);
        break;
      default:
        out.error = "invalid substitution '${" + std::string(text.substr(start, k - start)) + "}'";
        return text.size();
    }
    return k + 1;
  }

  const Variables& vars_;
};

struct Cursor {
  std::string_view text;
  std::size_t pos = 0;
  std::size_t line = 1;

  [[nodiscard]] bool done() const { return pos >= text.size(); }
  [[nodiscard]] char peek() const { return done() ? '\n' : text[pos]; }
  void advance() {
    if (!done() && text[pos] == '\n') ++line;
    ++pos;
  }
  void skip_blanks() {
    while (!done() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r')) ++pos;
  }
  void skip_line() {
    while (!done() && text[pos] != '\n') ++pos;
    if (!done()) advance();
  }
};

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

std::string trim_right(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// Reads a double-quoted value after the opening quote; nullopt when unterminated.
std::optional<std::string> read_double_quoted(Cursor& c) {
  std::string value;
  while (!c.done()) {
    char ch = c.peek();
    if (ch == '"') {
      c.advance();
      return value;
    }
    if (ch == '\\' && c.pos + 1 < c.text.size()) {
      c.advance();
      const char e = c.peek();
      value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      c.advance();
      continue;
    }
    value += ch;
    c.advance();
  }
  return std::nullopt;
}

}  // namespace

Interpolation interpolate(std::string_view text, const Variables& variables) {
  Interpolation out;
  Interpolator(variables).run(text, 0, out);
  return out;
}

Variables parse_dotenv(const InputFile& file, GraphBuilder& builder) {
  require_utf8_text(file);
  const std::string previous_source = builder.source();
  builder.set_source(file.path());
  Variables vars;
  Cursor c{file.text()};
  auto invalid = [&](std::size_t line, const std::string& why) {
    builder.warn("dotenv-invalid-line", "line " + std::to_string(line) + ": " + why + "; line skipped");
  };
  while (!c.done()) {
    c.skip_blanks();
    if (c.peek() == '\n' || c.peek() == '#') {
      c.skip_line();
      continue;
    }
    const std::size_t line = c.line;
    std::size_t start = c.pos;
    while (!c.done() && is_key_char(c.peek())) c.advance();
    std::string key(c.text.substr(start, c.pos - start));
    if (key == "export" && (c.peek() == ' ' || c.peek() == '\t')) {
      c.skip_blanks();
      start = c.pos;
      while (!c.done() && is_key_char(c.peek())) c.advance();
      key = std::string(c.text.substr(start, c.pos - start));
    }
    c.skip_blanks();
    if (key.empty()) {
      invalid(line, "no variable name");
      c.skip_line();
      continue;
    }
    if (c.peek() == '\n' || c.peek() == '#') {
      builder.info("dotenv-from-shell", "line " + std::to_string(line) + ": " + key +
                                            " takes its value from the shell, which is not read; left unset");
      c.skip_line();
      continue;
    }
    if (c.peek() != '=') {
      invalid(line, "expected '=' after " + key);
      c.skip_line();
      continue;
    }
    c.advance();
    c.skip_blanks();
    std::string value;
    bool interpolated = true;
    if (c.peek() == '"') {
      c.advance();
      auto quoted = read_double_quoted(c);
      if (!quoted) {
        invalid(line, "unterminated double quote in " + key);
        continue;
      }
      value = std::move(*quoted);
    } else if (c.peek() == '\'') {
      c.advance();
      start = c.pos;
      while (!c.done() && c.peek() != '\'') c.advance();
      if (c.done()) {
        invalid(line, "unterminated single quote in " + key);
        continue;
      }
      value = std::string(c.text.substr(start, c.pos - start));
      c.advance();
      interpolated = false;
    } else {
      start = c.pos;
      while (!c.done() && c.peek() != '\n') {
        if (c.peek() == '#' && c.pos > start && (c.text[c.pos - 1] == ' ' || c.text[c.pos - 1] == '\t')) break;
        c.advance();
      }
      value = trim_right(std::string(c.text.substr(start, c.pos - start)));
    }
    c.skip_line();
    if (interpolated) {
      Interpolation r = interpolate(value, vars);
      if (!r.error.empty()) {
        invalid(line, r.error);
        continue;
      }
      for (const auto& name : r.unset)
        builder.warn("undefined-variable", "line " + std::to_string(line) + ": " + key + " uses " + name +
                                               ", which is not set; it becomes empty");
      value = std::move(r.text);
    }
    vars.insert_or_assign(std::move(key), std::move(value));
  }
  builder.set_source(previous_source);
  return vars;
}

}  // namespace nanoscope::importers::detail
