"""提交未签名（YQ408 unsigned-commit）

Git 提交的作者和提交者是提交人自己填写的，谁都可以写成别人的邮箱。需要确认“确实是本人提交”的台账，
可以在 schema/policy.yml 中写 `require_signed_commits: true`：此后合并请求（`yuqing check --base 目标分支`）
范围内每个修改了 `incidents/` 或 `schema/` 的提交，都必须带有**作者本人**的有效签名，签名所用的密钥要登记在
schema/org.yml 中该作者名下的 `signing_keys` 一项：SSH 公钥（写法与 allowed_signers 文件中的公钥相同，
例如 `ssh-ed25519 AAAAC3Nza... liuyang`），或 GPG 公钥（`gpg --armor --export 邮箱` 导出的整段文字，
以 `-----BEGIN PGP PUBLIC KEY BLOCK-----` 开头，在 YAML 中用 `|` 写成多行）。签名用 `git verify-commit`
的办法核对：SSH 签名按 org.yml 生成的 allowed_signers，GPG 签名按 org.yml 中的公钥（在临时密钥环中），
只认登记在作者本人名下的密钥。

- 没有签名、签名无效、所用密钥没有登记、或登记在别人名下：错误；
- 没有写 `require_signed_commits`（默认 false）时本规则不检查。

**示例（错误）**：`require_signed_commits: true`，养老服务科刘洋的提交没有签名，或用了未登记的密钥签名。

**怎么改**：用登记过的 SSH 密钥签名提交：`git config gpg.format ssh`、
`git config user.signingkey ~/.ssh/id_ed25519.pub`、`git config commit.gpgsign true`，然后重新提交
（已有的提交可用 `git rebase --exec 'git commit --amend --no-edit -S' 目标分支` 补签）。密钥还没有登记的，
请局办公室把公钥加到 org.yml 中您名下的 `signing_keys`。
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.layout import RECORD_DIRS

ID = "YQ408"
NAME = "unsigned-commit"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("要求签名时，修改记录或配置的提交没有作者本人的有效签名",
              "a commit to incidents/ or schema/ without a good signature by its author's listed key")
HOOKS = ("check_range",)
NEEDS = frozenset({"range"})

SCHEMA_DIR = "schema"
_STATES = {
    "N": ("没有签名", "is not signed"),
    "B": ("签名无效（内容与签名不符）", "has a bad signature"),
    "E": ("签名无法核对（密钥未在 org.yml 登记，或系统缺少 ssh-keygen/gpg）",
          "has a signature that cannot be checked (key not listed in org.yml)"),
    "U": ("签名的密钥未在 org.yml 登记", "is signed by a key org.yml does not list"),
    "X": ("签名已过期", "has an expired signature"),
    "Y": ("签名的密钥已过期", "is signed by an expired key"),
    "R": ("签名的密钥已吊销", "is signed by a revoked key"),
}


GPG_BLOCK = "-----BEGIN PGP PUBLIC KEY BLOCK-----"


def _gpg_keys(org) -> dict[str, list[str]]:
    """Lower-cased email -> the armored GPG public keys org.yml lists for its person."""
    found: dict[str, list[str]] = {}
    for section in org.sections:
        for member in section.members:
            armored = [key for key in member.signing_keys if key.lstrip().startswith(GPG_BLOCK)]
            for identity in member.git:
                if "@" in identity and armored:
                    found[identity.strip().lower()] = armored
    return found


def _fingerprints(home: str, armored: str) -> set[str]:
    """The fingerprints (primary and subkeys) of one armored key, imported into the keyring at ``home``."""
    env = {**os.environ, "GNUPGHOME": home}
    run = subprocess.run(["gpg", "--batch", "--quiet", "--with-colons", "--import-options", "import-show", "--import"],
                         input=armored.encode(), capture_output=True, env=env, check=False)
    return {line.split(":")[9].upper() for line in run.stdout.decode(errors="replace").splitlines()
            if line.startswith("fpr:") and len(line.split(":")) > 9}


@contextmanager
def _gpg_keyring(org):
    """A temporary GNUPGHOME holding org.yml's GPG keys, and each email's fingerprints (none without gpg)."""
    keys = _gpg_keys(org)
    if not keys or shutil.which("gpg") is None:
        yield None, {}
        return
    home = tempfile.mkdtemp(prefix="yuqing-gnupg-")
    os.chmod(home, 0o700)
    try:
        owned = {email: set().union(*(_fingerprints(home, key) for key in armored)) for email, armored in keys.items()}
        yield home, owned
    finally:  # gpg may have started an agent for this keyring: stop it, or it outlives the check
        subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True, check=False)
        shutil.rmtree(home, ignore_errors=True)


def _allowed_signers(org) -> tuple[str, dict[str, set[str]]]:
    """The allowed_signers text built from org.yml, and each lower-cased email's principals (its person's emails)."""
    lines: list[str] = []
    principals: dict[str, set[str]] = {}
    for section in org.sections:
        for member in section.members:
            emails = [identity.strip().lower() for identity in member.git if "@" in identity]
            for email in emails:
                principals[email] = set(emails)
            if not emails:
                continue
            for key in member.signing_keys:
                if key.lstrip().startswith(GPG_BLOCK):
                    continue
                key = " ".join(key.split())
                if key and "\n" not in key:
                    lines.append(f'{",".join(emails)} namespaces="git" {key}')
    return "\n".join(lines) + "\n", principals


def _first_path(repo, sha: str, paths: tuple[str, ...], prefix: str) -> str:
    names = repo.git.diff_tree("--no-commit-id", "--name-only", "-r", "-m", "--root", sha, "--", *paths)
    first = next((name for name in names.splitlines() if name), "")
    return first[len(prefix):] if first.startswith(prefix) else first


def check_range(git_range, ctx):
    if not getattr(ctx.policy, "require_signed_commits", False):
        return
    repo = git_range.repo
    import git  # GitPython: only a merge request's check gets here

    prefix = git_range.prefix
    paths = (*(prefix + directory for directory in RECORD_DIRS), prefix + SCHEMA_DIR)
    text, principals = _allowed_signers(ctx.org)
    handle, signers = tempfile.mkstemp(prefix="yuqing-allowed-signers-")
    with _gpg_keyring(ctx.org) as (home, owned_gpg):
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            env = {"GNUPGHOME": home} if home else {}
            raw = repo.git.execute(
                ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "log",
                 "--format=%x1e%H%x1f%an%x1f%ae%x1f%G?%x1f%GS%x1f%GF%x1f%GP", f"{git_range.base}..HEAD", "--", *paths],
                stdout_as_string=True, env={**os.environ, **env})
        except git.GitCommandError:
            raw = ""
        finally:
            os.unlink(signers)
    for chunk in raw.split("\x1e"):
        fields = chunk.strip("\n").split("\x1f")
        if len(fields) != 7:
            continue
        sha, name, email, state, signer, key, primary = fields
        own = principals.get(email.strip().lower(), set())
        signed_by = {part.strip().lower() for part in signer.split(",") if part.strip()}
        if state == "G" and own and signed_by <= own:
            continue
        own_gpg = owned_gpg.get(email.strip().lower(), set())
        # a key imported from org.yml has no trust of its own in the temporary keyring (U): org.yml is the trust
        if state in ("G", "U") and own_gpg and {key.upper(), primary.upper()} & own_gpg:
            continue
        who = f"{name} <{email}>"
        if state == "G":
            why_zh, why_en = f"签名的密钥登记在 {signer} 名下，不是作者本人的", f"is signed by {signer}'s key, not the author's"
        else:
            why_zh, why_en = _STATES.get(state, _STATES["E"])
        yield Problem(Msg(
            f"提交 {commit_ref(sha)}（作者 {who}）{why_zh}。policy.yml 要求修改 incidents/ 或 schema/ 的提交"
            "带有作者本人的签名（require_signed_commits: true）。请用 org.yml 中您名下 signing_keys 登记的 "
            "SSH 或 GPG 密钥签名后重新提交（git commit --amend -S），密钥未登记的请局办公室登记。",
            f"commit {commit_ref(sha)} by {who} {why_en}; policy.yml requires commits to incidents/ or schema/ "
            "to be signed by a key org.yml lists for their author (re-sign with git commit --amend -S)."),
            path=_first_path(repo, sha, paths, prefix), line=1)


def commit_ref(sha: str) -> str:
    return sha[:8]
