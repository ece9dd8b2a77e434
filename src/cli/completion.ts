import type { Command, Help, Option } from "commander";

/**
 * Shell completion scripts generated from the commander program itself: every command, its options
 * (with their allowed values where an option has choices) and whether an option or argument names a
 * file. Nothing here lists a command or flag by hand, so the scripts follow the program as it grows.
 */

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** What a value on the command line may be completed with. */
type Values = { kind: "none" } | { kind: "choices"; choices: string[] } | { kind: "file" } | { kind: "dir" };

export interface CompletionOption {
  /** `--format`, or `-V` for a short-only flag. */
  long?: string;
  short?: string;
  description: string;
  /** Whether the flag takes a value, and what it may be. */
  takesValue: boolean;
  values: Values;
}

export interface CompletionCommand {
  name: string;
  aliases: string[];
  description: string;
  options: CompletionOption[];
  /** Values for the positional arguments (the first that applies). */
  args: Values;
}

export interface CompletionModel {
  program: string;
  /** The program's own options (`--version`, `--no-color`, `--help`). */
  options: CompletionOption[];
  commands: CompletionCommand[];
}

/** The placeholder's name says what a value is: `<file>`, `<dir>`, `<path...>`, `[spec]`. */
function valuesOf(placeholder: string, choices: readonly string[] | undefined): Values {
  if (choices && choices.length > 0) return { kind: "choices", choices: [...choices] };
  const name = placeholder.replace(/[<>[\].]/g, "").toLowerCase();
  if (/^(dir|directory|program)$/.test(name)) return { kind: "dir" };
  if (/^(file|files|path|paths|spec|old|new|policy|policies|requests|input)$/.test(name)) return { kind: "file" };
  return { kind: "none" };
}

function optionOf(o: Option): CompletionOption {
  const takesValue = Boolean(o.required || o.optional);
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1] ?? "";
  const out: CompletionOption = {
    description: o.description,
    takesValue,
    values: takesValue ? valuesOf(placeholder, o.argChoices) : { kind: "none" },
  };
  if (o.long) out.long = o.long;
  if (o.short) out.short = o.short;
  return out;
}

function visibleOptions(help: Help, cmd: Command): CompletionOption[] {
  return help.visibleOptions(cmd).map(optionOf);
}

/** The program's commands and options as the help shows them (hidden ones left out). */
export function completionModel(program: Command): CompletionModel {
  const help = program.createHelp();
  const commands = help
    .visibleCommands(program)
    .filter((c) => c.name() !== "help")
    .map((c): CompletionCommand => {
      const first = c.registeredArguments[0];
      return {
        name: c.name(),
        aliases: c.aliases(),
        description: c.description(),
        options: visibleOptions(help, c),
        args: first ? valuesOf(first.name(), first.argChoices) : { kind: "none" },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { program: program.name(), options: visibleOptions(help, program), commands };
}

/** The completion script for `shell`. */
export function completionScript(program: Command, shell: Shell): string {
  const model = completionModel(program);
  switch (shell) {
    case "bash":
      return bashScript(model);
    case "zsh":
      return zshScript(model);
    case "fish":
      return fishScript(model);
  }
}

const flagsOf = (o: CompletionOption) => [o.long, o.short].filter((f): f is string => Boolean(f));
const firstLine = (s: string) => s.split("\n")[0] ?? "";
/** A shell function name for the program: `ai-iam` → `_ai_iam`. */
const fnName = (program: string) => `_${program.replace(/[^A-Za-z0-9]/g, "_")}`;
/** Single-quoted for POSIX shells: `'` → `'\''`. */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bashScript(m: CompletionModel): string {
  const fn = fnName(m.program);
  const words = (list: string[]) => list.join(" ");
  const valueCase = (options: CompletionOption[]) => {
    const lines: string[] = [];
    for (const o of options.filter((x) => x.takesValue)) {
      const pattern = flagsOf(o).join("|");
      const v = o.values;
      const action =
        v.kind === "choices"
          ? `COMPREPLY=($(compgen -W ${sq(words(v.choices))} -- "$cur"))`
          : v.kind === "dir"
            ? `COMPREPLY=($(compgen -d -- "$cur"))`
            : v.kind === "file"
              ? `COMPREPLY=($(compgen -f -- "$cur"))`
              : "COMPREPLY=()";
      lines.push(`        ${pattern}) ${action}; return 0 ;;`);
    }
    return lines.join("\n");
  };
  const commandCases = m.commands
    .map((c) => {
      const all = [...c.options, ...m.options.filter((o) => o.long !== "--version" && o.short !== "-V")];
      const flags = words(all.flatMap(flagsOf));
      const args =
        c.args.kind === "choices"
          ? `compgen -W ${sq(words(c.args.choices))} -- "$cur"`
          : c.args.kind === "dir"
            ? `compgen -d -- "$cur"`
            : c.args.kind === "file"
              ? `compgen -f -- "$cur"`
              : "true";
      return [
        `    ${[c.name, ...c.aliases].join("|")})`,
        `      case "$prev" in`,
        valueCase(all),
        "      esac",
        `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${sq(flags)} -- "$cur")); else COMPREPLY=($(${args})); fi`,
        "      ;;",
      ]
        .filter((l) => l !== "")
        .join("\n");
    })
    .join("\n");
  const commandNames = words(m.commands.flatMap((c) => [c.name, ...c.aliases]).concat("help"));
  const globalFlags = words(m.options.flatMap(flagsOf));
  return `# bash completion for ${m.program} (generated by \`${m.program} completion bash\`).
# Install: ${m.program} completion bash > ~/.local/share/bash-completion/completions/${m.program}
#      or: source <(${m.program} completion bash)   in ~/.bashrc
${fn}() {
  local cur prev cmd i
  COMPREPLY=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd" in
    "")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${sq(globalFlags)} -- "$cur"))
      else COMPREPLY=($(compgen -W ${sq(commandNames)} -- "$cur")); fi
      ;;
    help)
      COMPREPLY=($(compgen -W ${sq(commandNames)} -- "$cur"))
      ;;
${commandCases}
  esac
  return 0
}
complete -o default -F ${fn} ${m.program}
`;
}

/** A zsh `_arguments` spec for one option: `'(--format)--format[output format]:format:(text json)'`. */
function zshOption(o: CompletionOption): string[] {
  const desc = firstLine(o.description)
    .replace(/[[\]\\]/g, "\\$&")
    .replace(/:/g, "\\:");
  const value = !o.takesValue
    ? ""
    : o.values.kind === "choices"
      ? `:value:(${o.values.choices.join(" ")})`
      : o.values.kind === "dir"
        ? ":directory:_files -/"
        : o.values.kind === "file"
          ? ":file:_files"
          : ":value: ";
  const flags = flagsOf(o);
  const exclusive = flags.length > 1 ? `(${flags.join(" ")})` : "";
  const names = flags.length > 1 ? `{${flags.join(",")}}` : flags[0];
  // With a brace expansion the spec is unquoted around the braces and quoted after them.
  return flags.length > 1 ? [`${sq(exclusive)}${names}${sq(`[${desc}]${value}`)}`] : [sq(`${names}[${desc}]${value}`)];
}

function zshArgs(v: Values): string {
  switch (v.kind) {
    case "choices":
      return sq(`*:value:(${v.choices.join(" ")})`);
    case "dir":
      return sq("*:directory:_files -/");
    case "file":
      return sq("*:file:_files");
    default:
      return "";
  }
}

function zshScript(m: CompletionModel): string {
  const fn = fnName(m.program);
  const describe = m.commands
    // _describe splits at the first colon: only a colon in the name would need escaping.
    .flatMap((c) => [c.name, ...c.aliases].map((n) => `    ${sq(`${n}:${firstLine(c.description)}`)}`))
    .join("\n");
  const cases = m.commands
    .map((c) => {
      const specs = [...c.options.flatMap(zshOption), zshArgs(c.args)].filter(Boolean);
      return `    (${[c.name, ...c.aliases].join("|")})\n      _arguments -s \\\n        ${specs.join(" \\\n        ")}\n      ;;`;
    })
    .join("\n");
  const globals = m.options.flatMap(zshOption).join(" \\\n    ");
  return `#compdef ${m.program}
# zsh completion for ${m.program} (generated by \`${m.program} completion zsh\`).
# Install: ${m.program} completion zsh > "\${fpath[1]}/_${m.program}"   (then restart zsh)
#      or: source <(${m.program} completion zsh)   in ~/.zshrc, after compinit

${fn}() {
  local -a commands
  commands=(
${describe}
  )
  local context state state_descr line
  typeset -A opt_args
  _arguments -C \\
    ${globals} \\
    '1: :->command' \\
    '*:: :->args'
  case $state in
    (command)
      _describe -t commands ${sq(`${m.program} command`)} commands
      return
      ;;
  esac
  case $line[1] in
${cases}
    (help)
      _describe -t commands ${sq(`${m.program} command`)} commands
      ;;
  esac
}

if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${m.program}
fi
`;
}

function fishOption(program: string, condition: string, o: CompletionOption): string {
  const parts = [`complete -c ${program} -n ${sq(condition)}`];
  if (o.long) parts.push(`-l ${o.long.replace(/^--/, "")}`);
  if (o.short) parts.push(`-s ${o.short.replace(/^-/, "")}`);
  if (o.takesValue) {
    if (o.values.kind === "choices") parts.push(`-x -a ${sq(o.values.choices.join(" "))}`);
    else if (o.values.kind === "dir") parts.push(`-r -a ${sq("(__fish_complete_directories)")}`);
    else if (o.values.kind === "file") parts.push("-r -F");
    else parts.push("-x");
  }
  parts.push(`-d ${sq(firstLine(o.description))}`);
  return parts.join(" ");
}

function fishScript(m: CompletionModel): string {
  const p = m.program;
  const names = m.commands.flatMap((c) => [c.name, ...c.aliases]);
  const lines = [
    `# fish completion for ${p} (generated by \`${p} completion fish\`).`,
    `# Install: ${p} completion fish > ~/.config/fish/completions/${p}.fish`,
    `complete -c ${p} -f`,
  ];
  for (const o of m.options) lines.push(fishOption(p, "__fish_use_subcommand", o));
  for (const c of m.commands) {
    for (const n of [c.name, ...c.aliases]) {
      lines.push(`complete -c ${p} -n '__fish_use_subcommand' -a ${n} -d ${sq(firstLine(c.description))}`);
    }
  }
  lines.push(`complete -c ${p} -n '__fish_use_subcommand' -a help -d 'display help for a command'`);
  lines.push(`complete -c ${p} -n ${sq("__fish_seen_subcommand_from help")} -a ${sq(names.join(" "))}`);
  for (const c of m.commands) {
    const when = `__fish_seen_subcommand_from ${[c.name, ...c.aliases].join(" ")}`;
    for (const o of c.options) lines.push(fishOption(p, when, o));
    if (c.args.kind === "choices") lines.push(`complete -c ${p} -n ${sq(when)} -x -a ${sq(c.args.choices.join(" "))}`);
    else if (c.args.kind === "file") lines.push(`complete -c ${p} -n ${sq(when)} -F`);
    else if (c.args.kind === "dir")
      lines.push(`complete -c ${p} -n ${sq(when)} -a ${sq("(__fish_complete_directories)")}`);
  }
  return `${lines.join("\n")}\n`;
}
