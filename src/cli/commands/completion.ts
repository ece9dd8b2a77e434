import { Argument, type Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, helpText, outOption, quietOption } from "../options.js";

/** `ai-iam completion bash|zsh|fish`: the shell completion script, generated from this program. */
export function register(program: Command): void {
  program
    .command("completion")
    .description("print a shell completion script for bash, zsh or fish (every command, option and choice)")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(["bash", "zsh", "fish"]))
    .addOption(outOption("write the script to <file> instead of stdout (whole or not at all)"))
    .addOption(quietOption("nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam completion bash > ~/.local/share/bash-completion/completions/ai-iam",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh's own expansion, printed as is
          'ai-iam completion zsh > "${fpath[1]}/_ai-iam"',
          "ai-iam completion fish > ~/.config/fish/completions/ai-iam.fish",
          "source <(ai-iam completion bash)",
        ],
        "Exit codes: 0 ok, 2 invalid usage (an unknown shell).",
      ),
    )
    .action(async (shell: "bash" | "zsh" | "fish", opts: { out?: string }) => {
      const { completionScript } = await import("../completion.js");
      // The script describes the whole program, from the root command down.
      let root = program;
      while (root.parent) root = root.parent;
      process.exitCode = emit(completionScript(root, shell), opts.out) ? ExitCode.Ok : ExitCode.Invalid;
    });
}
