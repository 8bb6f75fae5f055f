// `muster`: the command-line edge of the engine. Subcommands register themselves (commands.hpp).
#include "cli/commands.hpp"

#include <muster/config.hpp>

#include <cstdio>
#include <exception>
#include <new>

int main(int argc, char** argv) {
  CLI::App app{"Muster: rules and workflow for joint emergency dispatch", "muster"};
  app.set_version_flag("--version", MUSTER_VERSION_STRING);
  app.require_subcommand(1);

  int status = muster::cli::exit_ok;
  muster::cli::register_validate(app, status);
  muster::cli::register_summary(app, status);
  muster::cli::register_replay(app, status);
  muster::cli::register_test(app, status);
  muster::cli::register_diff(app, status);
  muster::cli::register_graph(app, status);
  muster::cli::register_verify(app, status);
  muster::cli::register_compact(app, status);
  muster::cli::register_cap(app, status);
  muster::cli::register_report(app, status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0; every real parse error is a usage error.
    const int code = app.exit(e);
    return code == 0 ? muster::cli::exit_ok : muster::cli::exit_usage;
  } catch (const std::bad_alloc&) {
    // The commands bound what input may cost; what is left (a limit below what the policy needs) ends here, said.
    std::fputs("muster: out of memory\n", stderr);
    return muster::cli::exit_invalid_input;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "muster: internal error: %s\n", e.what());
    return muster::cli::exit_invalid_input;
  }
  return status;
}
