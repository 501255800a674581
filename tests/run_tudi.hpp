#pragma once
// Running tudi from a test as a user would, ARGS as on a shell command line: exit code, stdout
// and stderr, with an empty stdin.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_config.hpp"

namespace tudi::test {

struct CliOutcome {
  int code = -1;  // the exit code; -1 when the program did not exit (killed by a signal)
  std::string out, err;
};

/// tudi's whole command line as one call (tudi::cli::run), set by the test executables that
/// link the commands (tests/cli/in_process.cpp); null elsewhere. With it, run_tudi forks the
/// test process and runs the command line in the child, which exits with its code as the binary
/// would — without loading GDAL, GEOS, PROJ and Qt's ~150 shared libraries again first, which
/// takes 70 ms here, longer than most commands. Without it, run_tudi starts the built binary.
inline int (*in_process_tudi)(int argc, char** argv) = nullptr;

/// ARGS split as sh would split them: words apart at blanks, '…' literal, \ escaping the next
/// character. Anything else sh would treat specially (a pipe, a redirection, a variable, "…") is
/// refused, so that no test is quietly run differently from the shell.
inline std::vector<std::string> shell_words(const std::string& args) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const char c = args[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const std::size_t end = args.find('\'', i + 1);
      if (end == std::string::npos) throw std::invalid_argument("unclosed ' in: " + args);
      word += args.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == '\\' && i + 1 < args.size()) {
      word += args[++i];
    } else if (std::string("\"|&;<>()$`*?[#~").find(c) != std::string::npos) {
      throw std::invalid_argument("needs a shell: " + args);
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

/// Runs `tudi ARGS`; stdout and stderr pass through files in this test process's scratch folder.
inline CliOutcome run_tudi(const std::string& args) {
  const std::filesystem::path dir = scratch_dir("tudi-run");
  std::filesystem::create_directories(dir);
  const std::filesystem::path out = dir / "stdout", err = dir / "stderr";
  if (!in_process_tudi) {
    const std::string cmd =
        kTudi.string() + " " + args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }
  std::vector<std::string> words = shell_words(args);
  words.insert(words.begin(), kTudi.string());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  // What the test has printed but not yet flushed would otherwise be printed again by the child.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in = open("/dev/null", O_RDONLY);
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(126);
    // exit, not _exit: static destructors, stdio flushing and LeakSanitizer's check run as when
    // the binary's main returns.
    std::exit(in_process_tudi(static_cast<int>(words.size()), argv.data()));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace tudi::test
