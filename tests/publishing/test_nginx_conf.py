"""`flask publish nginx-conf`: the committed deploy/nginx.conf is its output, and
nginx itself accepts what it writes."""

from pathlib import Path

from tests.publishing import servers

DEPLOY_ARGS = [
    "publish", "nginx-conf", "--server-name", "status.example.com",
    "--publish-dir", "/srv/beacon/instance/public",
    "--static-dir", "/srv/beacon/static", "--brotli",
]  # fmt: skip


def test_the_committed_nginx_conf_is_what_the_command_writes(runner):
    result = runner.invoke(args=DEPLOY_ARGS)
    assert result.exit_code == 0, result.output
    assert result.output == (servers.ROOT / "deploy/nginx.conf").read_text()


def test_the_site_sends_the_app_s_caching_policy_and_csp(runner, app):
    output = runner.invoke(args=DEPLOY_ARGS).output
    assert (
        'add_header Cache-Control "public, max-age=30, stale-while-revalidate=30,'
        in output
    )
    assert "frame-ancestors 'none'" in output
    assert "if ($cookie_session) { return 418; }" in output


def test_nginx_accepts_the_site_with_several_upstreams(runner, tmp_path: Path):
    servers.require_nginx()
    args = ["publish", "nginx-conf", "--listen", f"127.0.0.1:{servers.free_port()}",
            "--upstream", "127.0.0.1:8001", "--upstream", "127.0.0.1:8002",
            "--publish-dir", str(tmp_path / "public")]  # fmt: skip
    site = runner.invoke(args=args).output
    assert site.count("server 127.0.0.1:800") == 2
    checked = servers.check_nginx_config(site, tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_a_value_nginx_would_misread_is_refused(runner):
    result = runner.invoke(args=["publish", "nginx-conf", "--upstream", "a;b"])
    assert result.exit_code == 2
    assert "'a;b' is not one nginx word" in result.output
    result = runner.invoke(args=["publish", "nginx-conf", "--server-name", "a b{"])
    assert result.exit_code == 2


def test_publish_page_names_an_unknown_slug(runner):
    result = runner.invoke(args=["publish", "page", "nope"])
    assert result.exit_code == 1
    assert "No page with slug 'nope'." in result.output


def test_publish_all_reports_what_it_wrote(runner, page):
    result = runner.invoke(args=["publish", "all"])
    assert result.exit_code == 0
    assert result.output.startswith("Published ")
    assert "files of 1 page to" in result.output
