"""Prints, as JSON, what deploy/kubernetes gives each Deployment's container: its args, and its
environment from the ConfigMaps it takes whole and its own env (a Secret's key as
"secret:NAME/KEY").

    manifest_env.py DIR
"""

import json
import os
import sys

import yaml


def main(directory):
    objects = []
    for file in sorted(os.listdir(directory)):
        if file.endswith(".yaml") and file != "kustomization.yaml":
            with open(os.path.join(directory, file), encoding="utf-8") as stream:
                objects += [obj for obj in yaml.safe_load_all(stream) if obj]
    config_maps = {obj["metadata"]["name"]: obj.get("data") or {}
                   for obj in objects if obj["kind"] == "ConfigMap"}
    containers = {}
    for obj in objects:
        if obj["kind"] != "Deployment":
            continue
        for container in obj["spec"]["template"]["spec"]["containers"]:
            env = {}
            for source in container.get("envFrom") or []:
                env.update(config_maps[source["configMapRef"]["name"]])
            for variable in container.get("env") or []:
                if "value" in variable:
                    env[variable["name"]] = variable["value"]
                else:
                    ref = variable["valueFrom"]["secretKeyRef"]
                    env[variable["name"]] = f"secret:{ref['name']}/{ref['key']}"
            containers[container["name"]] = {"args": container.get("args") or [], "env": env}
    json.dump(containers, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
