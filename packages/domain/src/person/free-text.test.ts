import { describe, expect, it } from "vitest";
import { holdsPersonalData, maskPersonalDataInText } from "./free-text.js";
import { generateIdNumber } from "./id-number.js";

const id = generateIdNumber({ regionCode: "320722", birthDate: "1965-01-30", sequence: 699, sex: "MALE" });

describe("maskPersonalDataInText", () => {
  it("masks ID numbers and phone numbers inside free text, keeping the region code and the phone's ends", () => {
    expect(maskPersonalDataInText(`核实需求，身份证${id}，电话13912345678。`)).toBe(`核实需求，身份证320722************，电话139****5678。`);
    expect(maskPersonalDataInText("旧证号320722650130123，手机 139-1234-5678，+86 13812345678")).toBe(
      "旧证号320722*********，手机 139-****-5678，+86 138****5678",
    );
    expect(maskPersonalDataInText(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`)).toBe("320722 ******** ****");
    expect(maskPersonalDataInText("座机0518-87654321")).toBe("座机051*-****4321");
    expect(maskPersonalDataInText("32072219650130123x")).toBe("320722************");
  });

  it("leaves dates, amounts, region codes, record ids and text without such numbers alone", () => {
    for (const text of ["2024-01-20 送医送药", "慰问金 1000 元", "320722101001", "P00000207", "了解近况"]) {
      expect(maskPersonalDataInText(text)).toBe(text);
      expect(holdsPersonalData(text)).toBe(false);
    }
    expect(holdsPersonalData(`电话13912345678`)).toBe(true);
    // Next to Latin letters as well: a clerk's "Tel13912345678" is a phone number all the same.
    expect(maskPersonalDataInText("Tel13912345678")).toBe("Tel139****5678");
  });
});
