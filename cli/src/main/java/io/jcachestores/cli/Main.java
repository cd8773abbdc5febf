package io.jcachestores.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jcache-stores}: an HTTP client with a persistent response cache in a JCache store, and
 * the commands to inspect that cache. Every error is one line on standard error, and the exit
 * code tells its kind ({@link Failure}).
 */
@Command(name = "jcache-stores", mixinStandardHelpOptions = true, version = "jcache-stores 0.1.0",
    description = "HTTP requests through a persistent, shared response cache (SQLite, MongoDB, "
        + "DynamoDB), and its inspection.",
    subcommands = {FetchCommand.class, LsCommand.class, ShowCommand.class, RmCommand.class,
        PurgeCommand.class, StatsCommand.class, DemoOriginCommand.class})
public final class Main {

  /** Runs the command line; exits with the command's status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    CommandLine cli = new CommandLine(new Main());
    for (CommandLine c : List.of(cli, cli.getSubcommands().get("fetch"),
        cli.getSubcommands().get("ls"), cli.getSubcommands().get("rm"),
        cli.getSubcommands().get("purge"), cli.getSubcommands().get("stats"))) {
      c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(Failure.EXIT_CODES);
    }
    return cli.setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler((e, args1) -> {
          CommandLine command = e.getCommandLine();
          return report(command, e.getMessage() + " (see '"
              + command.getCommandSpec().qualifiedName() + " --help')", Failure.USAGE);
        })
        .setExecutionExceptionHandler((e, command, parsed) -> {
          if (e instanceof Output.Closed) {
            return 0;  // the reader has all it wanted, as with ls | head
          }
          Failure f = Failure.of(e);
          return report(command, f.getMessage(), f.exitCode());
        })
        .execute(args);
  }

  private static int report(CommandLine command, String message, int exitCode) {
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + message);
    err.flush();
    return exitCode;
  }
}
